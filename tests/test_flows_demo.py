"""The demo's progress table rows: roadmap order, roll-ups per chapter and section (database, no Prefect)."""
from __future__ import annotations

from pathlib import Path

import pytest

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


def test_demo_home_defaults_to_roadmap_home_else_roadmap_demo(tmp_path):
    from flows.demo import default_home

    assert default_home({"ROADMAP_HOME": str(tmp_path / "mine")}) == tmp_path / "mine"
    assert default_home({}) == Path("roadmap-demo")


def test_ui_command_names_the_demo_database_when_the_caller_set_another(tmp_path):
    from flows.demo import ui_command

    assert ui_command(tmp_path, {}) == f"ROADMAP_HOME={tmp_path.resolve()} roadmap ui"
    with_url = ui_command(tmp_path, {"ROADMAP_DATABASE_URL": "postgresql://x/y"})
    assert f"ROADMAP_DATABASE_URL=sqlite:///{tmp_path.resolve() / 'roadmap.db'}" in with_url


def test_demo_refuses_a_home_holding_a_real_database(tmp_path):
    from flows.demo import DemoHomeInUse, prepare_home

    (tmp_path / "roadmap.db").write_bytes(b"real data")
    with pytest.raises(DemoHomeInUse):
        prepare_home(tmp_path)
    assert (tmp_path / "roadmap.db").read_bytes() == b"real data"


def test_roadmap_demo_runs_in_roadmap_home_and_prints_the_matching_ui_command(tmp_path, monkeypatch, capsys):
    import sys

    import flows.demo
    from cli.errors import run_cli
    from cli.main import app
    from flows.demo import DemoResult

    seen = []

    def fake_run_demo(home, *, on_step):
        seen.append(home)
        return DemoResult(home=home.resolve(), sources=[], ingest=[], process={"documents": 0, "mentions": 0,
                          "suggestions": 0}, username="analyst", password="pw", report_path=None, seconds=0.0)

    monkeypatch.setattr(flows.demo, "run_demo", fake_run_demo)
    monkeypatch.setattr(flows.demo, "progress_rows", lambda: [])
    monkeypatch.setenv("ROADMAP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ROADMAP_DATABASE_URL", raising=False)
    monkeypatch.setattr(sys, "argv", ["roadmap", "demo"])
    assert run_cli(app) == 0
    assert seen == [tmp_path / "home"]
    out = " ".join(capsys.readouterr().out.split())
    assert f"ROADMAP_HOME={(tmp_path / 'home').resolve()} roadmap ui" in out
