"""``roadmap review``, ``export`` and ``users add`` on a seeded database."""
from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from cli.main import app
from models.review import ReviewError
from models.tables import Evidence, ReviewAction
from models.users import UserError, authenticate
from tests.support.review_seed import seed


@pytest.fixture
def data(engine):
    with Session(engine, expire_on_commit=False) as s:
        return seed(s)


def run(*args, input=None, env=None):
    return CliRunner().invoke(app, list(args), input=input, env=env or {}, standalone_mode=False)


def test_list_accept_reject_relink_undo(engine, data):
    ev = data.evidence
    listed = json.loads(run("review", "list", "--json", "--lang", "en").stdout)
    assert listed["total"] == 3 and listed["items"][0]["evidence_id"] == ev["cyber_en"]
    assert run("review", "accept", str(ev["kaedex_en"]), "--user", "ana").exit_code == 0
    assert run("review", "reject", str(ev["xss"]), "--reason", "not-bilateral", env={"ROADMAP_USER": "ana"}).exit_code == 0
    assert run("review", "relink", str(ev["cyber_en"]), "1.1-3", "--user", "adam").exit_code == 0
    assert run("review", "undo", "--user", "ana").exit_code == 0
    with Session(engine) as s:
        assert s.get(Evidence, ev["xss"]).status == "suggested"
        assert s.get(Evidence, ev["kaedex_ja"]).status == "accepted"  # the event's copy
        assert s.get(Evidence, ev["cyber_en"]).commitment_id == data.commitments["1.1-3"]
        assert {a.user for a in s.exec(select(ReviewAction))} == {"ana", "adam"}
    shown = run("review", "show", str(ev["kaedex_en"])).stdout
    assert "[KAEDEx]" in shown and "ana accept" in shown


def test_decisions_need_a_known_reviewer(engine, data):
    assert isinstance(run("review", "accept", str(data.evidence["xss"])).exception, UserError)
    assert isinstance(run("review", "accept", str(data.evidence["xss"]), "--user", "rita").exception, UserError)
    assert isinstance(run("review", "reject", str(data.evidence["xss"]), "--reason", "meh", "--user", "ana").exception,
                      ReviewError)


def test_export_formats(engine, data, tmp_path):
    run("review", "accept", str(data.evidence["policy_ja"]), "--user", "ana")
    for fmt in ("csv", "json", "md", "html"):
        out = tmp_path / f"r.{fmt}"
        assert run("export", "--format", fmt, "--output", str(out), "--history").exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert "日加防衛政策協議の開催" in text and "<script>window" not in text, fmt
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    c = next(c for c in report["commitments"] if c["id"] == "1.1-3")
    assert c["evidence"][0]["decided_by"] == "ana" and c["history"][0]["action"] == "accept"
    only = json.loads(run("export", "--format", "json", "--section", "1.3").stdout)
    assert [c["id"] for c in only["commitments"]] == ["1.3-1"]


def test_users_add_reads_the_password_from_stdin(engine):
    assert run("users", "add", "nora", "--role", "reader", "--password-stdin", input="a long secret here\n").exit_code == 0
    assert isinstance(run("users", "add", "olga", "--password-stdin", input="short\n").exception, UserError)
    with Session(engine) as s:
        assert authenticate(session=s, username="nora", password="a long secret here").role == "reader"


def test_list_and_show_speak_json_with_format(engine, data):
    ev = data.evidence
    listed = json.loads(run("review", "list", "--format", "json", "--lang", "en").stdout)
    assert listed == json.loads(run("review", "list", "--json", "--lang", "en").stdout)  # the old spelling stays
    assert listed["total"] == 3
    assert run("review", "accept", str(ev["kaedex_en"]), "--user", "ana").exit_code == 0
    shown = json.loads(run("review", "show", str(ev["kaedex_en"]), "--format", "json").stdout)
    assert shown["evidence"]["id"] == ev["kaedex_en"] and shown["evidence"]["status"] == "accepted"
    assert any(p["marked"] and p["text"] == "KAEDEx" for s in shown["sentences"] for p in s)
    assert [(h["user"], h["action"]) for h in shown["history"]] == [("ana", "accept")]
    assert "--json" not in run("review", "list", "--help").stdout  # hidden alias
