"""The demo's progress table rows: roadmap order, roll-ups per chapter and section (database, no Prefect)."""
from __future__ import annotations

from pathlib import Path

import pytest

from reports.progress_summary import progress_rows


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


def test_demo_home_defaults_to_roadmap_home_else_the_home_every_command_reads(tmp_path):
    from config.settings import Settings
    from demo.run import default_home

    assert default_home({"ROADMAP_HOME": str(tmp_path / "mine")}) == tmp_path / "mine"
    assert default_home({}) == Path(".roadmap") == Settings.model_fields["home"].default


def test_next_steps_set_what_a_new_shell_needs_to_reach_the_demo(tmp_path):
    from cli.demo_cmd import next_steps

    home = tmp_path / "elsewhere"
    steps = next_steps(home=home, environ={}, run=".venv/bin/roadmap", cwd=tmp_path)
    assert steps[0] == f"cd {tmp_path}" and f"export ROADMAP_HOME={home.resolve()}" in steps
    assert ".venv/bin/roadmap commitments" in steps and ".venv/bin/roadmap ui" == steps[-1]
    assert not any("ROADMAP_DATABASE_URL" in s for s in steps)
    with_url = next_steps(home=home, environ={"ROADMAP_DATABASE_URL": "postgresql://x/y"}, run="roadmap", cwd=tmp_path)
    assert f"export ROADMAP_DATABASE_URL=sqlite:///{home.resolve() / 'roadmap.db'}" in with_url
    default = next_steps(home=tmp_path / ".roadmap", environ={}, run="roadmap", cwd=tmp_path)
    assert not any(s.startswith("export") for s in default)  # the default home needs no setting
    assert "roadmap export --format md -o .roadmap/report.md" in default


def test_launcher_repeats_how_roadmap_was_started(tmp_path):
    from cli.demo_cmd import launcher

    script = tmp_path / ".venv" / "bin" / "roadmap"
    assert launcher(str(script), "/usr/bin/python3", tmp_path) == ".venv/bin/roadmap"
    assert launcher(str(script), "/usr/bin/python3", tmp_path / "other") == str(script)
    assert launcher(str(tmp_path / "cli" / "main.py"), "/opt/py/bin/python", tmp_path) == "/opt/py/bin/python -m cli.main"


def test_demo_refuses_a_home_holding_a_real_database(tmp_path):
    from demo.run import DemoHomeInUse, prepare_home

    (tmp_path / "roadmap.db").write_bytes(b"real data")
    with pytest.raises(DemoHomeInUse):
        prepare_home(tmp_path)
    assert (tmp_path / "roadmap.db").read_bytes() == b"real data"


def test_a_second_demo_moves_the_first_aside_with_its_database(tmp_path, monkeypatch):
    from datetime import datetime

    from demo.run import DEMO_MARKER, prepare_home

    for name in ("ROADMAP_HOME", "ROADMAP_DATABASE_URL", "ROADMAP_ALLOW_PRIVATE_URLS"):
        monkeypatch.setenv(name, "")  # prepare_home sets them; monkeypatch restores them
    home = tmp_path / "demo"
    assert prepare_home(home) is None and (home / DEMO_MARKER).exists()
    (home / "roadmap.db").write_bytes(b"reviews and accounts")
    (home / "prefect").mkdir()
    previous = prepare_home(home, now=datetime(2026, 12, 7, 20, 1, 2))
    assert previous == tmp_path / "demo.previous-20261207-200102"
    assert (previous / "roadmap.db").read_bytes() == b"reviews and accounts"
    assert not (previous / "prefect").exists()  # Prefect's ephemeral state is not kept
    assert not (home / "roadmap.db").exists() and (home / DEMO_MARKER).exists()


def test_progress_table_fits_80_columns_and_says_what_awaits_review():
    from rich.console import Console

    from cli.demo_cmd import progress_table
    from reports.progress_summary import ProgressRow

    rows = [ProgressRow("section", "1.1", "Defence Cooperation", "0/2 with evidence", 0, 3),
            ProgressRow("commitment", "1.1-2a", "A long commitment text " * 8, "no evidence", 0, 3, chapter="1",
                        section="1.1"),
            ProgressRow("commitment", "1.1-2b", "Another one", "no evidence", 0, 0, chapter="1", section="1.1")]
    console = Console(width=80, record=True)
    console.print(progress_table(rows, width=80))
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= 80
    queued = next(line for line in lines if "1.1-2a" in line)
    assert "awaiting review" in queued and queued.rstrip().endswith("…")
    assert "no evidence" in next(line for line in lines if "1.1-2b" in line)


def test_awaiting_review_counts_suggestions_queue_items_and_commitments(engine):
    from reports.progress_summary import awaiting_review

    from tests.support.review_seed import seed
    from sqlmodel import Session, func, select

    from models.tables import Evidence

    with Session(engine, expire_on_commit=False) as s:
        seed(s)
        suggested = s.exec(select(func.count()).where(Evidence.status == "suggested")).one()
        commitments = s.exec(select(func.count(Evidence.commitment_id.distinct()))
                             .where(Evidence.status == "suggested")).one()
    waiting = awaiting_review(engine=engine)
    assert waiting.suggestions == suggested > 0 and waiting.commitments == commitments
    assert 0 < waiting.items <= waiting.suggestions


def test_roadmap_demo_runs_in_roadmap_home_and_prints_next_steps_for_it(tmp_path, monkeypatch, capsys):
    import sys

    import demo.run
    import reports.progress_summary
    from cli.errors import run_cli
    from cli.main import app
    from demo.run import DemoResult
    from reports.progress_summary import AwaitingReview

    seen = []

    def fake_run_demo(home, *, on_step):
        seen.append(home)
        return DemoResult(home=home.resolve(), sources=[], ingest=[], process={"documents": 0, "mentions": 0,
                          "suggestions": 0}, username="analyst", password="pw", report_path=None, seconds=0.0,
                          previous=tmp_path / "home.previous-1")

    monkeypatch.setattr(demo.run, "run_demo", fake_run_demo)
    monkeypatch.setattr(reports.progress_summary, "progress_rows", lambda: [])
    monkeypatch.setattr(reports.progress_summary, "awaiting_review", lambda: AwaitingReview(7, 5, 3))
    monkeypatch.setenv("ROADMAP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ROADMAP_DATABASE_URL", raising=False)
    monkeypatch.setattr(sys, "argv", ["roadmap", "demo"])
    assert run_cli(app) == 0
    assert seen == [tmp_path / "home"]
    out = " ".join(capsys.readouterr().out.split())
    assert f"export ROADMAP_HOME={(tmp_path / 'home').resolve()}" in out
    assert f"moved to {tmp_path / 'home.previous-1'}" in out
    assert "7 suggestions (5 review items" in out and "for 3 commitments await review" in out
