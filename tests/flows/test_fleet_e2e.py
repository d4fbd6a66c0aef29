"""The fleet as an operator runs it, on PostgreSQL: a worker is lost mid-run and the fleet heals.

A Prefect server on PostgreSQL, ``roadmap deploy`` onto a process pool, ``roadmap automations
create``, two ``prefect worker start`` processes, a sample site from ``roadmap samples``. A monitor
run of that site is SIGKILLed with the worker that ran it; then: the run is marked Crashed (no
heartbeats), retried once on ``monitor/crash-retry`` by the other worker, every release is stored
once and processed, the site's host slot is free and no source-run row is left open.

Needs ROADMAP_TEST_DATABASE_URL on PostgreSQL (CI sets it) and a role that may create a database
(the Prefect server's own, ``<app database>_prefect``, recreated each run).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.support.waiting import wait_until

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
SOURCE = "mod_press_ja"  # the sample feed with the most releases (7): a run lasts long enough to be killed
POLITENESS = 3.0  # seconds between requests: ~30 s for the site, a lease of 60 s
POOL = "roadmap-e2e"


@pytest.fixture
def prefect_database(engine) -> str:
    """A fresh database for the Prefect server beside the app's; its asyncpg URL."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the fleet test needs PostgreSQL (set ROADMAP_TEST_DATABASE_URL, as CI does)")
    name = f"{engine.url.database}_prefect"
    admin = sa.create_engine(engine.url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.ProgrammingError as exc:
        pytest.skip(f"cannot create the Prefect server's database {name}: {exc.orig}")
    finally:
        admin.dispose()
    return engine.url.set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)


@pytest.fixture
def processes():
    """Started subprocesses (each leading its own process group), stopped at the end."""
    started: list[subprocess.Popen] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in started:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)


def _cli(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=180, cwd=REPO,
                          check=False)
    assert done.returncode == 0, f"{args}: {done.stdout}{done.stderr}"
    return done.stdout


def _ancestors(pid: int) -> list[int]:
    chain = []
    while pid > 1:
        chain.append(pid)
        stat = Path(f"/proc/{pid}/stat").read_text()
        pid = int(stat.rsplit(")", 1)[1].split()[1])  # the parent's pid, after the (command name)
    return chain


def _runs(api: str, deployment: str) -> list[dict]:
    flow, name = deployment.split("/")
    deployed = httpx.get(f"{api}/deployments/name/{flow}/{name}", timeout=10).json()
    response = httpx.post(f"{api}/flow_runs/filter", timeout=10,
                          json={"flow_runs": {"deployment_id": {"any_": [deployed["id"]]}}})
    response.raise_for_status()
    return response.json()


def test_a_lost_worker_is_healed_retried_once_and_leaves_nothing_held(engine, prefect_database, processes, tmp_path,
                                                                      monkeypatch):
    from config.roadmap_data import load_bundle
    from config.settings import get_settings
    from flows.deployments import MONITOR
    from pipeline.ingest import ingest_source
    from flows.local_server import server_env, start_local_server
    from pipeline.pipeline_state import ABANDONED_RUN, host_limit_name
    from models import db
    from models.roadmaps import load_roadmap
    from models.tables import Document, Source, SourceRun
    from demo.local_sources import serve_as_sources, write_sources_file
    from sources.http import Fetcher

    with db.session_scope(engine) as session:
        load_roadmap(session=session, bundle=load_bundle())
    sites, entries = serve_as_sources(names=[SOURCE], schedule="0 0 1 1 *", politeness=POLITENESS)
    server = start_local_server(tmp_path / "prefect", database_url=prefect_database, timeout=180)
    try:
        sources_file = write_sources_file(tmp_path / "sources.yaml", entries)
        monkeypatch.setenv("ROADMAP_SOURCES_FILE", str(sources_file))
        get_settings.cache_clear()
        env = server_env(tmp_path / "prefect-client")
        env.pop("PREFECT_API_DATABASE_CONNECTION_URL")
        env.update(PREFECT_API_URL=server.url, ROADMAP_SOURCES_FILE=str(sources_file), ROADMAP_ALLOW_PRIVATE_URLS="1",
                   ROADMAP_DATABASE_URL=engine.url.render_as_string(hide_password=False),
                   PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
                   PREFECT_WORKER_QUERY_SECONDS="2", PREFECT_WORKER_HEARTBEAT_SECONDS="10")
        _cli(env, "-m", "prefect", "work-pool", "create", POOL, "--type", "process")
        workers = []  # started first: they start up while the deployments are made
        for i in range(2):
            with open(tmp_path / f"worker{i}.log", "wb") as log:
                workers.append(subprocess.Popen([sys.executable, "-m", "prefect", "worker", "start", "--pool", POOL,
                                                 "--limit", "2"], env=env, stdout=log, stderr=subprocess.STDOUT,
                                                cwd=tmp_path, start_new_session=True))
            processes.append(workers[-1])
        deployed = _cli(env, "-m", "cli.main", "deploy", "--pool", POOL, "--batch-window", "3")
        assert "retry crashed runs once: monitor/scheduled" in deployed
        _cli(env, "-m", "cli.main", "automations", "create")

        from prefect.client.orchestration import get_client
        from prefect.deployments import run_deployment
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: server.url}):  # this process's client too
            crashed = run_deployment(MONITOR, parameters={"sources": [SOURCE]}, timeout=0)

            def stored() -> int:
                with db.session_scope(engine) as session:
                    return len(session.exec(select(Document.id)).all())

            at_kill = wait_until(stored, timeout=120, what="the run to store its first release", interval=0.3)
            with get_client(sync_client=True) as client:
                run = client.read_flow_run(crashed.id)
            assert run.state.is_running(), f"the run ended before it could be killed: {run.state}"
            run_pid = int(str(run.infrastructure_pid).rsplit(":", 1)[-1])
            (lost,) = [w for w in workers if w.pid in _ancestors(run_pid)]
            os.killpg(lost.pid, signal.SIGKILL)  # the worker machine is gone: worker and run at once
            try:
                os.kill(run_pid, signal.SIGKILL)  # if it was not in the worker's process group
            except ProcessLookupError:
                pass
            killed_at = time.monotonic()

            def state(flow_run_id) -> str:
                with get_client(sync_client=True) as client:
                    return client.read_flow_run(flow_run_id).state.type.value

            wait_until(lambda: state(crashed.id) == "CRASHED", timeout=180, interval=1,
                       what="the killed run to be marked Crashed (no heartbeats)", log=tmp_path / "prefect" / "server.log")
            assert time.monotonic() - killed_at < 150
            retry = "monitor/crash-retry"
            (retried,) = wait_until(lambda: _runs(server.url, retry), timeout=60, interval=1, what="the crash retry")
            assert retried["parameters"] == {"sources": [SOURCE], "since": None, "polite_delay": None}
            wait_until(lambda: state(retried["id"]) in ("COMPLETED", "FAILED", "CRASHED"), timeout=150, interval=1,
                       what="the retry to finish")
            assert state(retried["id"]) == "COMPLETED"

            def all_processed() -> bool:
                with db.session_scope(engine) as session:
                    revisions = session.exec(select(Document.revision, Document.processed_revision)).all()
                return bool(revisions) and all(done == rev for rev, done in revisions)

            wait_until(all_processed, timeout=120, interval=1, what="every release to be processed")
            with get_client(sync_client=True) as client:
                limit = client.read_global_concurrency_limit_by_name(host_limit_name(sites[SOURCE].url))
            assert limit.active_slots == 0
            assert len(_runs(server.url, retry)) == 1  # retried once

        with db.session_scope(engine) as session:
            urls = session.exec(select(Document.canonical_url).join(Source).where(Source.name == SOURCE)).all()
            rows = session.exec(select(SourceRun)).all()
        assert len(urls) == len(set(urls)) > at_kill
        assert rows and all(r.finished_at is not None for r in rows)
        assert [r.error for r in rows].count(ABANDONED_RUN) == 1
        fetcher = Fetcher(polite_delay=0)
        try:  # nothing the site lists is missing
            again = ingest_source(source_name=SOURCE, engine=engine, fetcher=fetcher)
        finally:
            fetcher.close()
        assert again.new == 0 and again.failed == 0 and again.error is None
    finally:
        server.stop()
        for site in sites.values():
            site.stop()
