"""``roadmap demo``: the whole pipeline on a fresh machine, offline, with nothing configured.

It points ``ROADMAP_HOME`` at a demo folder (``--home``, else ``ROADMAP_HOME``, else ``./.roadmap``, the
folder every other command reads by default), moves a previous demo's folder aside (reviews and accounts
are never wiped), creates the database and loads the roadmap, serves the
bundled sample sites on 127.0.0.1 (reached through the HTTP transport: sources keep their real URLs),
runs the real flows (monitor, then process-documents) in
Prefect's ephemeral mode on SQLite, creates a local analyst account with a random password, and
writes the HTML report. The caller prints the progress table from ``reports.progress_summary``.
"""
from __future__ import annotations

import logging
import os
import secrets
import shutil
import time
from datetime import date, datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from flows.local_server import quiet_prefect_env

DEMO_USER = "analyst"
DEMO_MARKER = "ROADMAP-DEMO.txt"
# The demo back-fills, as an operator's first run would: listings that show only recent releases (MOFA's shows
# this month's, like the real one) reach the older samples through their archives.
DEMO_SINCE = date(2019, 1, 1)  # the oldest sample release is from 2019


@dataclass
class DemoResult:
    home: Path
    sources: list[str]
    ingest: list[dict]
    process: dict
    username: str
    password: str
    report_path: Path | None
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    previous: Path | None = None  # where the previous demo's folder was moved, if there was one


class DemoHomeInUse(RuntimeError):
    """The demo folder holds a database the demo did not create (it would be replaced)."""


def settings_default_home() -> Path:
    """The folder every command reads when ``ROADMAP_HOME`` is unset (``config.settings``)."""
    from config.settings import Settings

    return Path(Settings.model_fields["home"].default)


def default_home(environ: Mapping[str, str] | None = None) -> Path:
    """The demo's folder when ``--home`` is not given: ``ROADMAP_HOME`` if set, else the settings' default."""
    environ = os.environ if environ is None else environ
    return Path(environ.get("ROADMAP_HOME") or settings_default_home())


def demo_database_url(home: Path) -> str:
    """The demo's own SQLite database in ``home``."""
    return f"sqlite:///{home.resolve() / 'roadmap.db'}"


def prepare_home(home: Path, *, now: datetime | None = None) -> Path | None:
    """Point settings at ``home`` with its own SQLite database; move a previous demo's folder aside.

    Returns where the previous demo's folder went (``<home>.previous-<time>``, its reviews, accounts and
    report intact; only its Prefect state is dropped), or None if there was none. Raises DemoHomeInUse if
    ``home`` holds a roadmap database that no demo wrote (e.g. a real installation's folder): the demo
    never replaces real data.
    """
    home = home.resolve()
    previous = None
    if (home / "roadmap.db").exists():
        if not (home / DEMO_MARKER).exists() and not (home / "report.html").exists():
            raise DemoHomeInUse(f"{home} holds a roadmap database the demo did not create; give the demo its "
                                "own folder with `roadmap demo --home DIR` (or ROADMAP_HOME=DIR)")
        shutil.rmtree(home / "prefect", ignore_errors=True)  # Prefect's ephemeral state: rebuilt on each run
        previous = home.with_name(f"{home.name}.previous-{(now or datetime.now()):%Y%m%d-%H%M%S}")
        home.rename(previous)
    home.mkdir(parents=True, exist_ok=True)
    (home / DEMO_MARKER).write_text("Written by `roadmap demo`. Running the demo again moves this folder aside "
                                    "to <folder>.previous-<time> and starts afresh.\n", encoding="utf-8")
    os.environ["ROADMAP_HOME"] = str(home)
    os.environ["ROADMAP_DATABASE_URL"] = demo_database_url(home)
    quiet_prefect_env()
    from config.settings import get_settings

    get_settings.cache_clear()
    return previous


def review_decisions(home: Path) -> int:
    """How many review decisions the demo database in ``home`` holds (0 if it has none or no database)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    if not (home / "roadmap.db").exists():
        return 0
    engine = create_engine(f"sqlite:///{home / 'roadmap.db'}")
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM reviewaction")).scalar_one()
    except DBAPIError:  # a demo interrupted before its tables existed
        return 0
    finally:
        engine.dispose()


def demo_sources() -> list[str]:
    """Configured, enabled sources that have a bundled sample site."""
    from samples.server import SITES_DIR
    from sources.config import load_sources

    return [cfg.name for cfg in load_sources() if cfg.enabled and (SITES_DIR / cfg.name).is_dir()]


def run_demo(home: Path, *, on_step=lambda message: None) -> DemoResult:
    """Run the demo end to end in ``home``; ``on_step`` receives one line per step for the terminal."""
    started = time.monotonic()
    timings: dict[str, float] = {}

    def step(name: str, t0: float) -> None:
        timings[name] = round(time.monotonic() - t0, 1)

    previous = prepare_home(home)
    t0 = time.monotonic()
    on_step("creating the database and loading the roadmap")
    _init_database()
    step("database", t0)

    from samples.routing import serve_routed
    from samples.server import serve_sites

    names = demo_sources()
    sites = serve_sites(names)
    on_step(f"serving {len(names)} sample sites on 127.0.0.1")

    from prefect.settings import (PREFECT_API_DATABASE_CONNECTION_URL, PREFECT_API_URL, PREFECT_HOME,
                                  PREFECT_SERVER_ANALYTICS_ENABLED, temporary_settings)

    prefect_home = Path(os.environ["ROADMAP_HOME"]) / "prefect"
    ephemeral = {PREFECT_API_URL: None, PREFECT_HOME: str(prefect_home), PREFECT_SERVER_ANALYTICS_ENABLED: False,
                 PREFECT_API_DATABASE_CONNECTION_URL: f"sqlite+aiosqlite:///{prefect_home / 'prefect.db'}"}
    on_step("starting Prefect in ephemeral mode (a temporary local API on SQLite)")
    with temporary_settings(updates=ephemeral), serve_routed(sites):  # real URLs, answered by the samples
        from flows.host_limits import sync_host_limits
        from flows.pipeline_flows import monitor_flow, process_documents_flow
        from sources.config import load_sources

        logging.getLogger("prefect.task_runs").setLevel(logging.WARNING)  # the tables below say what happened
        sync_host_limits([cfg.url for cfg in load_sources() if cfg.name in sites])

        t0 = time.monotonic()
        on_step(f"running flow monitor: every sample source back-filled to {DEMO_SINCE}, fetch → parse → store")
        ingest = monitor_flow(sources=names, since=DEMO_SINCE, polite_delay=0)
        step("monitor", t0)
        t0 = time.monotonic()
        on_step("running flow process-documents (extract → link → suggestions)")
        process = process_documents_flow()
        step("process-documents", t0)

    password = secrets.token_urlsafe(12)
    _create_analyst(password)
    report_path = write_report(Path(os.environ["ROADMAP_HOME"]) / "report.html")
    return DemoResult(home=Path(os.environ["ROADMAP_HOME"]), sources=names, ingest=ingest, process=process,
                      username=DEMO_USER, password=password, report_path=report_path,
                      seconds=round(time.monotonic() - started, 1), timings=timings, previous=previous)


def _init_database() -> None:
    from config.roadmap_data import load_bundle
    from models import db
    from models.roadmaps import load_roadmap

    engine = db.get_engine(os.environ["ROADMAP_DATABASE_URL"])
    db.migrate(engine)
    with db.session_scope(engine) as session:
        load_roadmap(session=session, bundle=load_bundle())


def _create_analyst(password: str) -> None:
    from models import db
    from models.users import add_user

    with db.session_scope(db.get_engine(os.environ["ROADMAP_DATABASE_URL"])) as session:
        add_user(session=session, username=DEMO_USER, password=password, role="analyst")


def write_report(path: Path) -> Path | None:
    """The HTML progress report (``reports.export``) at ``path``; None if the export module is unavailable."""
    try:
        from reports.export import build_report, render_report
    except ImportError:
        return None
    from models import db

    with db.session_scope(db.get_engine(os.environ["ROADMAP_DATABASE_URL"])) as session:
        html = render_report(build_report(session=session), "html")
    path.write_text(html, encoding="utf-8")
    return path
