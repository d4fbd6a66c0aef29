"""The demo's progress table rows: roadmap order, roll-ups per chapter and section (database, no Prefect)."""
from __future__ import annotations

from flows.demo import progress_rows


def test_progress_rows_roll_up_commitments_into_sections_and_chapters(engine):
    from config.roadmap_data import load_bundle
    from models import db
    from models.roadmaps import load_roadmap
    from models.tables import Commitment

    with db.session_scope(engine) as session:
        load_roadmap(session=session, bundle=load_bundle())
        first = session.exec(Commitment.__table__.select().order_by(Commitment.order)).first()
        row = session.get(Commitment, first.id)
        row.status = "under way"
        session.add(row)
    rows = progress_rows(engine=engine)
    assert rows[0].level == "chapter" and rows[0].number == "1"
    commitments = [r for r in rows if r.level == "commitment"]
    assert commitments[0].number == first.cid and commitments[0].status == "under way"
    chapter_one = rows[0]
    members = [r for r in commitments if r.chapter == "1"]
    assert chapter_one.status == f"1/{len(members)} with evidence"
    assert {r.level for r in rows} == {"chapter", "section", "commitment"}
