"""``roadmap run`` on the fleet when there is one (an ingest-source run per source), else here, said plainly."""
from __future__ import annotations

from datetime import date

import typer
from rich.console import Console
from rich.table import Table

from cli.errors import user_error
from flows.fleet_runs import FleetUnavailable

user_error(FleetUnavailable)
console = Console()
err = Console(stderr=True)


def _api_url() -> str | None:
    from cli.local_runs import prefect_api_url

    return prefect_api_url()


def fleet_available() -> bool:
    """True when the Prefect API in use has the ingest-source deployment; raises FleetUnavailable if it does not answer."""
    if not _api_url():
        return False
    from flows.deployments import INGEST
    from flows.fleet_runs import deployment_available
    from flows.local_server import quiet_prefect_env

    quiet_prefect_env()
    return deployment_available(INGEST)


def say_running_here() -> None:
    """One plain line on stderr: this run is not the fleet's, and what that costs."""
    api = _api_url()
    if api:
        err.print(f"reading here, not on the fleet ({api} has no ingest-source deployment: `roadmap deploy`): "
                  "no host slots are taken; the documents' events are sent to that API", highlight=False)
    else:
        err.print("reading here, without the fleet (PREFECT_API_URL is not set): no host slots are taken and no "
                  "document events can be sent; `roadmap process` (or the fleet's hourly sweep) processes the "
                  "documents", highlight=False)


def announce_here(summaries) -> int:
    """Emit the document events of runs made here, when an API can receive them; returns how many."""
    if not _api_url():
        return 0
    from flows import events
    from flows.local_server import quiet_prefect_env

    quiet_prefect_env()
    specs = [spec for s in summaries
             for spec in events.document_ingested_events(source=s.source, document_ids=s.document_ids)]
    sent = events.emit(specs)
    if sent:
        err.print(f"announced {sent} documents (roadmap.document.ingested) to {_api_url()}", highlight=False)
    return sent


def run_on_fleet(names: list[str], since: date | None, ignore_backoff: bool, *, out: Console = console,
                 as_json: bool = False) -> None:
    """Start one ingest-source run per source, wait for them all, print each one's counts on ``out`` (a table,
    or JSON on stdout); exit 1 if one failed."""
    from flows import fleet_runs
    from flows.deployments import INGEST
    from flows.onboard import CLOCK_SKEW

    asked = fleet_runs.utc_now() - CLOCK_SKEW
    params = {"since": since.isoformat() if since else None, "ignore_backoff": ignore_backoff}
    started = {name: fleet_runs.start(INGEST, {"source_name": name, **params}) for name in names}
    err.print(f"{len(started)} {INGEST} runs queued on {_api_url()}; waiting for the workers to run them",
              highlight=False)
    rows = []
    for name, flow_run_id in started.items():
        run = fleet_runs.wait(flow_run_id, on_line=lambda line: err.print(line, highlight=False))
        counts = fleet_runs.last_run_counts(name, since=asked) if run.state in ("COMPLETED", "FAILED") else {}
        rows.append({"source": name, "flow_run": run.name, "flow_run_id": flow_run_id, "state": run.state.lower(),
                     "ok": run.ok, **counts, "message": run.message})
    if as_json:
        from cli.output_format import write_json

        write_json(rows)
    else:
        table = Table("source", "flow run", "state", "fetched", "new", "revised", "unchanged", "failed", "error")
        for row in rows:
            table.add_row(row["source"], row["flow_run"], row["state"],
                          *(str(row.get(k, "")) for k in ("fetched", "new", "revised", "unchanged", "failed")),
                          ((row.get("error") or row["message"]) or "")[:80])
        out.print(table)
    if not all(row["ok"] for row in rows):
        raise typer.Exit(1)
