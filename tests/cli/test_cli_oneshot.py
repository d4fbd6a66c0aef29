"""``roadmap process`` and ``roadmap digest`` run in the command's own process when no Prefect API is
configured (no temporary Prefect server), go through Prefect when one is, and speak JSON."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from tests.support.link_fixtures import make_document, make_sources

ROOT = Path(__file__).resolve().parents[2]
TEMPORARY_SERVER = "Starting temporary server"  # what Prefect logs when it starts one for a run


def roadmap(*args: str, home: Path) -> subprocess.CompletedProcess:
    """The CLI in a subprocess with no Prefect API configured anywhere (env, profile) and its own Prefect home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "ROADMAP_"))}
    env.update(ROADMAP_HOME=str(home), PREFECT_HOME=str(home / "prefect"),
               PREFECT_PROFILES_PATH=str(home / "no-profiles.toml"), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def home_with_two_documents(tmp_path):
    from models import db

    home = tmp_path / "home"
    init = roadmap("init", "--format", "json", home=home)
    assert init.returncode == 0, init.stderr
    engine = db.get_engine(json.loads(init.stdout)["database"])
    with Session(engine) as s:
        src = make_sources(s)
        ids = [make_document(s, src["gac_news_en"], "https://gac.test/a", dt.date(2026, 5, 1),
                             "Japan and Canada held a security dialogue in Ottawa on cyber defence."),
               make_document(s, src["mofa_press_ja"], "https://mofa.test/b", dt.date(2026, 5, 2),
                             "Two ministers met in Tokyo to discuss critical minerals and energy.")]
        s.commit()
    yield home, engine, ids
    engine.dispose()


@pytest.mark.slow  # a `roadmap`/python subprocess: seconds of imports
def test_process_without_an_api_starts_no_prefect_server_and_does_the_work(home_with_two_documents):
    from models.tables import Document

    home, engine, ids = home_with_two_documents
    proc = roadmap("process", "--format", "json", home=home)
    assert proc.returncode == 0, proc.stderr
    assert TEMPORARY_SERVER not in proc.stdout + proc.stderr
    assert not (home / "prefect" / "prefect.db").exists()  # where Prefect's temporary server keeps its state
    result = json.loads(proc.stdout)
    assert result["ran"] == "in-process" and result["documents"] == 2 and result["failed"] == {}
    with Session(engine) as s:
        docs = s.exec(select(Document).where(Document.id.in_(ids))).all()
        assert [d.processed_revision == d.revision for d in docs] == [True, True]
    again = json.loads(roadmap("process", "--format", "json", home=home).stdout)
    assert again["documents"] == 0  # both were done


@pytest.mark.slow  # a `roadmap`/python subprocess: seconds of imports
def test_digest_without_an_api_is_stored_and_shown_as_json(home_with_two_documents):
    home, _engine, _ids = home_with_two_documents
    proc = roadmap("digest", "--period", "weekly", "--format", "json", home=home)
    assert proc.returncode == 0, proc.stderr
    assert TEMPORARY_SERVER not in proc.stdout + proc.stderr and not (home / "prefect" / "prefect.db").exists()
    made = json.loads(proc.stdout)
    assert (made["period"], made["made"], made["ran"]) == ("weekly", True, "in-process")
    assert isinstance(made["id"], int) and "awaiting review" in made["markdown"]
    shown = json.loads(roadmap("digest", "--period", "weekly", "--show", "--format", "json", home=home).stdout)
    assert (shown["id"], shown["made"], shown["ran"], shown["markdown"]) == (made["id"], False, None, made["markdown"])
    none_yet = json.loads(roadmap("digest", "--show", "--format", "json", home=home).stdout)
    assert none_yet["period"] == "daily" and none_yet["id"] is None


def run(*args: str):
    from cli.main import app

    return CliRunner().invoke(app, list(args), standalone_mode=False)


def test_with_an_api_configured_process_and_digest_run_as_flows(engine, monkeypatch):
    from flows import digest, pipeline_flows
    from models import digests

    calls = []

    def fake_process_flow(**kwargs):
        calls.append(("process-documents", kwargs))
        return {"documents": 1, "mentions": 2, "suggestions": 3, "evidence_ids": [], "failed": {}, "truncated": []}

    def fake_digest_flow(period):
        calls.append(("digest", period))
        with Session(engine) as s:
            return digests.save_digest(session=s, period=period, markdown="# stored by the flow\n", statuses={}).id

    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    monkeypatch.setattr(pipeline_flows, "process_documents_flow", fake_process_flow)
    monkeypatch.setattr(digest, "digest_flow", fake_digest_flow)
    processed = json.loads(run("process", "--since", "2026-05-01", "--format", "json").stdout)
    assert processed["ran"] == "prefect" and processed["suggestions"] == 3
    made = json.loads(run("digest", "--format", "json").stdout)
    assert made["ran"] == "prefect" and made["markdown"] == "# stored by the flow\n"
    assert calls == [("process-documents", {"since": dt.date(2026, 5, 1), "until": None}), ("digest", "daily")]


def test_help_says_when_prefect_is_used():
    out = " ".join(run("process", "--help").stdout.split())
    assert "PREFECT_API_URL set" in out and "no temporary server" in out


ASK = "import sys; from cli.local_runs import prefect_api_url; print(prefect_api_url(), 'prefect' in sys.modules)"


def ask_api_url(tmp_path: Path, **env_extra: str) -> str:
    """What cli.local_runs.prefect_api_url says in a fresh process started in ``tmp_path``, and whether it
    imported Prefect to find out."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONPATH=str(ROOT), **env_extra)
    proc = subprocess.run([sys.executable, "-c", ASK], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@pytest.mark.slow  # a `roadmap`/python subprocess: seconds of imports
def test_the_api_url_is_found_in_a_profile_and_prefect_is_not_imported_when_none_can_set_it(tmp_path):
    assert ask_api_url(tmp_path) == "None False"
    assert ask_api_url(tmp_path, PREFECT_API_URL="http://127.0.0.1:9/api") == "http://127.0.0.1:9/api False"
    profiles = tmp_path / "profiles.toml"
    profiles.write_text('active = "remote"\n\n[profiles.remote]\nPREFECT_API_URL = "http://10.0.0.5:4200/api"\n',
                        encoding="utf-8")
    assert ask_api_url(tmp_path, PREFECT_PROFILES_PATH=str(profiles)) == "http://10.0.0.5:4200/api True"
    (tmp_path / ".env").write_text("PREFECT_API_URL=http://10.0.0.6:4200/api\n", encoding="utf-8")
    assert ask_api_url(tmp_path) == "http://10.0.0.6:4200/api True"
