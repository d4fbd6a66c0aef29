"""``roadmap serve``, ``roadmap process``, ``roadmap digest`` and ``roadmap automations create``."""
from __future__ import annotations

import datetime as dt
import enum
import os
import signal
import sys
from datetime import timedelta
from pathlib import Path

import typer
from rich.console import Console

from cli.errors import user_error
from cli.local_runs import HOW_IT_RUNS, digest_here, prefect_api_url, process_here
from cli.output_format import Format, write_json
from flows.automations import AutomationsError
from flows.local_server import LocalServerError, quiet_prefect_env

console = Console() if sys.stdout.isatty() else Console(width=140)  # piped output: don't squeeze tables to 80
user_error(AutomationsError)
user_error(LocalServerError)


def serve(
    batch_window: int = typer.Option(60, help="Seconds: process-documents starts at most once per window while "
                                              "documents arrive, that long after the first."),
    port: int = typer.Option(4200, help="Port of the local Prefect server started when PREFECT_API_URL is unset."),
    limit: int = typer.Option(4, min=1, help="At most this many flow runs at once on this machine (without a "
                                              "limit, a small machine piles up flow-run processes; see bench/RESULTS.md)."),
) -> None:
    """Serve all deployments (schedules and triggers); starts a local Prefect server if PREFECT_API_URL is unset."""
    quiet_prefect_env()
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from config.settings import get_settings
    from flows.deployments import serve_all
    from flows.local_server import start_local_server

    api_url = PREFECT_API_URL.value()
    server = None
    previous = signal.signal(signal.SIGTERM, _interrupt)  # until the runner installs its own: stop cleanly
    try:
        if not api_url:
            home = Path(get_settings().home).resolve()
            console.print(f"PREFECT_API_URL is not set: starting a local Prefect server (state in {home / 'prefect'})")
            server = start_local_server(home / "prefect", port=port)
            api_url = server.url
            os.environ["PREFECT_API_URL"] = api_url  # the flow-run processes we start inherit it
            console.print(f"Prefect UI: {api_url.removesuffix('/api')}")
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            serve_all(batch_window=timedelta(seconds=batch_window), limit=limit)
    except KeyboardInterrupt:
        pass  # Ctrl-C or SIGTERM: what follows is the shutdown
    except SystemExit as exc:  # SIGTERM before the runner's loop started: its own handler calls sys.exit(0)
        if exc.code not in (0, None):
            raise
    finally:
        # A second signal must not cut stopping the server short (stop() is bounded: terminate, then kill).
        previous_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if server:
            console.print("stopping the local Prefect server")
            server.stop()
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
    console.print("roadmap serve stopped")


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def process(
    since: dt.datetime = typer.Option(None, formats=["%Y-%m-%d"], help="Re-process documents published on or after."),
    until: dt.datetime = typer.Option(None, formats=["%Y-%m-%d"], help="…and on or before this date."),
    format: Format = typer.Option(Format.table, "--format", help="table (lines) or json."),
) -> None:
    """Run process-documents now: pending documents, or re-process a date range (after a gazetteer change);
    as a Prefect flow only if PREFECT_API_URL is set."""
    since_day, until_day = (since.date() if since else None), (until.date() if until else None)
    if prefect_api_url():
        quiet_prefect_env()
        from flows.pipeline_flows import process_documents_flow

        result, ran = process_documents_flow(since=since_day, until=until_day), "prefect"
    else:
        result, ran = process_here(since=since_day, until=until_day), "in-process"
    if format is Format.json:
        write_json({**result, "ran": ran})
        return
    console.print(f"processed {result['documents']} documents: {result['mentions']} mentions, "
                  f"{result['suggestions']} suggestions")
    for doc_id, reason in result.get("failed", {}).items():
        console.print(f"document {doc_id} could not be processed (the next runs try again): {reason}",
                      highlight=False)
    if result.get("truncated"):
        console.print(f"read only in part (too long): documents {', '.join(map(str, result['truncated']))}",
                      highlight=False)


class Period(str, enum.Enum):
    daily = "daily"
    weekly = "weekly"


def digest(period: Period = typer.Option(Period.daily, help="daily or weekly"),
           show: bool = typer.Option(False, "--show", help="Print the last stored digest of PERIOD; make none."),
           format: Format = typer.Option(Format.table, "--format", help="table (text) or json.")) -> None:
    """Make the digest now (new evidence awaiting review, status changes, unhealthy sources), stored in the app
    database; as a Prefect flow only if PREFECT_API_URL is set."""
    from models import db, digests

    period = period.value
    digest_id, ran = None, None
    if not show:
        if prefect_api_url():
            quiet_prefect_env()
            from flows.digest import digest_flow

            digest_id, ran = digest_flow(period=period), "prefect"
        else:
            digest_id, ran = digest_here(period), "in-process"
    with db.session_scope() as session:
        row = digests.get_digest(session=session, digest_id=digest_id) if digest_id else \
            digests.latest_digest(session=session, period=period)
        if format is Format.json:
            write_json({"period": period, "made": not show, "ran": ran, "id": row.id if row else None,
                        "created_at": row.created_at.isoformat(timespec="seconds") if row else None,
                        "markdown": row.markdown if row else None})
            return
        if row is None:
            console.print(f"no {period} digest yet")
            return
        if show:
            console.print(row.markdown, markup=False, highlight=False)
        elif ran == "prefect":
            console.print(f"digest #{row.id} stored in the app database (Prefect artifact roadmap-digest-{period}); "
                          f"`roadmap digest --period {period} --show` prints it")
        else:
            console.print(f"digest #{row.id} stored in the app database; `roadmap digest --period {period} --show` "
                          "prints it", highlight=False)


automations_app = typer.Typer(help="Prefect automations that forward events to webhooks.", no_args_is_help=True)


@automations_app.command("create")
def automations_create(
    evidence_url: str = typer.Option(None, help="Webhook for new evidence (default: ROADMAP_EVIDENCE_WEBHOOK_URL)."),
    health_url: str = typer.Option(None, help="Webhook for source health (default: ROADMAP_HEALTH_WEBHOOK_URL)."),
) -> None:
    """Create or replace the automations: crashed-run detection; evidence and source-health events to their webhooks."""
    quiet_prefect_env()
    from flows.automations import create_automations

    result = create_automations(evidence_url=evidence_url, health_url=health_url)
    for name in result.created:
        console.print(f"automation ready: {name}")
    if len(result.created) == 1:
        console.print("no webhook configured: set ROADMAP_EVIDENCE_WEBHOOK_URL and/or ROADMAP_HEALTH_WEBHOOK_URL "
                      "(or pass --evidence-url / --health-url) for alerts")
    if result.replayed:
        console.print(f"unhealthy now, posted once to the health webhook: {', '.join(result.replayed)}")
    if result.replay_problem:
        console.print(f"[yellow]warning:[/yellow] current source health not posted: {result.replay_problem}")


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command(epilog=HOW_IT_RUNS)(process)
    app.command(epilog=HOW_IT_RUNS)(digest)
    app.add_typer(automations_app, name="automations")
