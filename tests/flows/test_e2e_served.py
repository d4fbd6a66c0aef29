"""End to end: a real local ``prefect server``, ``roadmap serve``, and an ad hoc onboard-source run.

Like an operator would: ``prefect deployment run 'onboard-source/adhoc' --param …`` back-fills a new
sample source; its document events trigger process-documents (batched); the documents' evidence
reaches the review queue.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import httpx
import pytest
from sqlmodel import select

from tests.support.sample_feeds import NEW_SOURCE
from tests.support.waiting import wait_until

pytestmark = pytest.mark.slow

def _flow_runs(api: str, flow: str) -> list[dict]:
    response = httpx.post(f"{api}/flow_runs/filter", json={"flows": {"name": {"any_": [flow]}}}, timeout=10)
    response.raise_for_status()
    return response.json()


def test_onboard_run_backfills_and_the_event_trigger_fills_the_review_queue(engine, tmp_path, new_sample_site):
    from config.roadmap_data import load_bundle
    from flows.local_server import server_env, start_local_server
    from models import db
    from models.roadmaps import load_roadmap
    from models.tables import Document, Evidence, Source

    with db.session_scope(engine) as session:
        load_roadmap(session=session, bundle=load_bundle())
    server = start_local_server(tmp_path / "prefect-server", timeout=120)
    env = server_env(tmp_path / "prefect-client")
    env.update(PREFECT_API_URL=server.url, PREFECT_RUNNER_POLL_FREQUENCY="2", ROADMAP_ALLOW_PRIVATE_URLS="1",
               ROADMAP_PER_HOST_DELAY="0")
    env.pop("PREFECT_API_DATABASE_CONNECTION_URL")
    serve_log = open(tmp_path / "serve.log", "wb")
    serve = subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--batch-window", "3"], env=env,
                             stdout=serve_log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until(lambda: serve.poll() is None and httpx.get(f"{server.url}/deployments/name/onboard-source/adhoc",
                                                              timeout=5).status_code == 200,
                   timeout=120, what="the served onboard-source deployment", interval=0.5)
        run = subprocess.run(
            [sys.executable, "-m", "prefect", "deployment", "run", "onboard-source/adhoc",
             "--param", f"name={NEW_SOURCE}", "--param", f"url={new_sample_site}", "--param", "kind=rss",
             "--param", "lang=en", "--param", "country=JP", "--param", "backfill_since=2026-01-01"],
            env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stdout + run.stderr

        onboard = wait_until(lambda: [
            r for r in _flow_runs(server.url, "onboard-source") if r["state_type"] in ("COMPLETED", "FAILED", "CRASHED")],
            timeout=180, what="onboard-source to finish", interval=0.5)
        assert onboard[0]["state_type"] == "COMPLETED", (tmp_path / "serve.log").read_text(errors="replace")[-3000:]

        def triggered_runs_done():
            runs = [r for r in _flow_runs(server.url, "process-documents")
                    if (r.get("created_by") or {}).get("type") == "AUTOMATION"]
            return runs if runs and all(r["state_type"] == "COMPLETED" for r in runs) else None

        triggered = wait_until(triggered_runs_done, timeout=240, what="the event-triggered process-documents run",
                               interval=0.5)
        assert len(triggered) == 1  # one batch for the whole back-fill

        with db.session_scope(engine) as session:
            docs = session.exec(select(Document.id).join(Source).where(Source.name == NEW_SOURCE)).all()
            queued = session.exec(select(Evidence.id).where(Evidence.document_id.in_(docs),
                                                            Evidence.status == "suggested")).all()
            unprocessed = session.exec(select(Document.id).where(Document.id.in_(docs),
                                                                 Document.processed_revision != Document.revision)).all()
        assert len(docs) >= 2 and unprocessed == [] and queued
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGTERM)
            try:
                serve.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(serve.pid, signal.SIGKILL)
                serve.wait(timeout=30)
        serve_log.close()
        server.stop()
