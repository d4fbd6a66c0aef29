"""Runs started from the CLI on the fleet's deployments, waited for, and their counts read back.

``roadmap run`` and ``roadmap sources add --backfill`` go through the deployments when a Prefect API
serving them is configured, so the runs take their site's host slot and announce their documents
like scheduled runs do. A deployment run's result is not stored by Prefect, so the counts come from
the app database: the source-run rows the runs wrote.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

START_TIMEOUT_SECONDS = 120  # a run no worker (nor `roadmap serve`) starts by then is left queued
RUN_TIMEOUT_SECONDS = 6 * 3600  # a back-fill still running by then is left running, and we say so
POLL_SECONDS = 2.0


class FleetUnavailable(RuntimeError):
    """PREFECT_API_URL is set but the Prefect API did not answer."""


@dataclass
class FleetRun:
    """One deployment run as the CLI saw it end (or stop waiting)."""
    flow_run_id: str
    name: str
    state: str  # COMPLETED, FAILED, CRASHED... or SCHEDULED / RUNNING when we stopped waiting
    message: str = ""
    counts: dict = field(default_factory=dict)  # the source-run row's counts, when the run wrote one

    @property
    def ok(self) -> bool:
        return self.state in ("COMPLETED", "SCHEDULED", "RUNNING")


def deployment_available(full_name: str) -> bool:
    """True when PREFECT_API_URL is set and has ``full_name``; raises FleetUnavailable if it does not answer."""
    import httpx
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import PREFECT_API_URL

    api_url = PREFECT_API_URL.value()
    if not api_url:
        return False
    try:
        with get_client(sync_client=True) as client:
            client.read_deployment_by_name(full_name)
    except ObjectNotFound:
        return False
    except (httpx.HTTPError, OSError) as exc:
        raise FleetUnavailable(f"the Prefect API at {api_url} did not answer ({exc}); "
                               "start it, or unset PREFECT_API_URL to run here") from None
    return True


def start(full_name: str, parameters: dict, *, flow_run_name: str | None = None) -> str:
    """Create a run of deployment ``full_name``; returns its id (a worker or ``roadmap serve`` starts it)."""
    from prefect.deployments import run_deployment

    return str(run_deployment(full_name, parameters=parameters, timeout=0, flow_run_name=flow_run_name).id)


def wait(flow_run_id: str, *, start_timeout: float = START_TIMEOUT_SECONDS, run_timeout: float = RUN_TIMEOUT_SECONDS,
         on_line: Callable[[str], None] = lambda line: None) -> FleetRun:
    """Poll the run's state until it is final, or until a deadline: unstarted after ``start_timeout``,
    unfinished after ``run_timeout``."""
    from prefect.client.orchestration import get_client

    started, said_running = time.monotonic(), False
    with get_client(sync_client=True) as client:
        while True:
            flow_run = client.read_flow_run(flow_run_id)
            state = flow_run.state
            waited = time.monotonic() - started
            if state is not None and state.is_final():
                return FleetRun(flow_run_id, flow_run.name, state.type.value, state.message or "")
            if state is not None and state.is_running() and not said_running:
                on_line(f"flow run {flow_run.name} running")
                said_running = True
            if (state is None or state.is_scheduled() or state.is_pending()) and waited > start_timeout:
                return FleetRun(flow_run_id, flow_run.name, "SCHEDULED",
                                f"no worker started it within {start_timeout:.0f}s; it stays queued until a worker "
                                "(`prefect worker start`) or `roadmap serve` picks it up")
            if waited > run_timeout:
                return FleetRun(flow_run_id, flow_run.name, "RUNNING",
                                f"still running after {run_timeout:.0f}s; follow it in the Prefect UI")
            time.sleep(POLL_SECONDS)  # polling the run's state, with deadlines


def last_run_counts(source_name: str, *, since: datetime, engine=None) -> dict:
    """Counts of the latest finished run of ``source_name`` that started after ``since`` (UTC), or {}."""
    from sqlmodel import select

    from models import db
    from models.tables import Source, SourceRun

    with db.session_scope(engine) as session:
        row = session.exec(select(SourceRun).join(Source, Source.id == SourceRun.source_id)
                           .where(Source.name == source_name, SourceRun.started_at >= since,
                                  SourceRun.finished_at != None)  # noqa: E711
                           .order_by(SourceRun.id.desc())).first()
        if row is None:
            return {}
        return {"fetched": row.fetched, "new": row.new, "revised": row.revised, "unchanged": row.unchanged,
                "failed": row.failed, "error": row.error}


def utc_now() -> datetime:
    """Now, in UTC, as the app database stores times."""
    return datetime.now(timezone.utc)
