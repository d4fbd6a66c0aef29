"""migrate() brings a database made at an earlier revision up to date with its rows intact, and the
tables' declarations match the newest revision exactly (autogenerate finds nothing left to do).

On PostgreSQL (ROADMAP_TEST_DATABASE_URL) the test works in a schema of its own, so the session's
migrated database is left alone."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from models import db
from models.tables import Commitment, Document, Event, Evidence, Roadmap, Source

QUEUE_INDEXES = {"ix_evidence_queue", "ix_evidence_status_score"}


@pytest.fixture
def blank_engine(database_url, tmp_path):
    """An engine on an empty database (PostgreSQL: an empty schema first on the search path)."""
    if not database_url.startswith("postgresql"):
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
        yield engine
        engine.dispose()
        return
    schema = f"migr_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(database_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine = sa.create_engine(database_url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _upgrade_to(engine, revision: str) -> None:
    cfg = db.alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _fill(engine) -> None:
    """A roadmap, a source, two documents reporting one event, and their suggestions (made-up rows)."""
    with engine.begin() as conn:
        conn.execute(sa.insert(Roadmap.__table__).values(id=1, slug="jp-ca", title_ja="ロードマップ", title_en=""))
        conn.execute(sa.insert(Commitment.__table__).values(
            id=1, roadmap_id=1, cid="1.1-1", chapter="1", section="1.1", kind="bullet", order=0, text_ja="約束",
            text_en="", text_hash="", first_version=1, keywords=[], entities=[], status="no evidence",
            status_rule=""))
        conn.execute(sa.insert(Source.__table__).values(
            id=1, name="sample_src", ministry="", country="JP", lang="ja", kind="rss", url="http://127.0.0.1:9/s",
            enabled=True, origin="config", settings={}, created_at=dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc),
            healthy=True, consecutive_failures=0))
        conn.execute(sa.insert(Event.__table__).values(id=1, key="sample-event", countries=["JP"],
                                                       confirmed_by_both=False))
        for i in (1, 2):
            conn.execute(sa.insert(Document.__table__).values(
                id=i, canonical_url=f"http://127.0.0.1:9/d{i}", source_id=1, lang="ja", title=f"Sample {i}",
                published=dt.date(2026, 4, i), content_type="", body="Sample text, not a real release.",
                content_hash=f"h{i}", revision=1, fetched_at=dt.datetime(2026, 4, i, tzinfo=dt.timezone.utc),
                processed_revision=1))
            conn.execute(sa.insert(Evidence.__table__).values(
                id=i, document_id=i, commitment_id=1, event_id=1, score=0.5 + i / 10, rationale="sample",
                mention_spans=[[0, 6]], status="suggested", origin="linker",
                created_at=dt.datetime(2026, 4, i, tzinfo=dt.timezone.utc),
                updated_at=dt.datetime(2026, 4, i, tzinfo=dt.timezone.utc)))


def _rows(engine) -> dict:
    with engine.connect() as conn:
        return {t: conn.execute(sa.select(SQLModel.metadata.tables[t]).order_by(sa.text("id"))).all()
                for t in ("roadmap", "commitment", "source", "event", "document", "evidence")}


def test_migrate_upgrades_a_0001_database_keeping_its_rows(blank_engine):
    _upgrade_to(blank_engine, "0001")
    _fill(blank_engine)
    before = _rows(blank_engine)
    assert not QUEUE_INDEXES & {ix["name"] for ix in sa.inspect(blank_engine).get_indexes("evidence")}

    head = db.migrate(blank_engine)
    assert head not in ("0001", None)  # the newest revision, whichever that is after merges

    assert _rows(blank_engine) == before
    assert len(before["evidence"]) == 2 and before["evidence"][1].score == pytest.approx(0.7)
    assert QUEUE_INDEXES <= {ix["name"] for ix in sa.inspect(blank_engine).get_indexes("evidence")}
    with blank_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    assert db.migrate(blank_engine) == head  # a second run changes nothing


def test_the_queue_reads_an_upgraded_database(blank_engine):
    from sqlmodel import Session

    from models import review

    _upgrade_to(blank_engine, "0001")
    _fill(blank_engine)
    db.migrate(blank_engine)
    with Session(blank_engine) as session:
        assert [ev.id for ev, *_ in review.review_queue(session=session)] == [2]  # the event's better copy
        assert review.queue_size(session=session) == 1
