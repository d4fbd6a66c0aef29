"""Starting an onboard-source run from the CLI (``roadmap sources add … --backfill``).

With a Prefect API (``PREFECT_API_URL``) serving the ``onboard-source/adhoc`` deployment, the run
goes there, so the runner that serves the event trigger does the back-fill and its document events
start process-documents at once. Otherwise the flow runs here, in Prefect's ephemeral mode (or
against the API in use). Either way the documents are announced as ``roadmap.document.ingested``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from flows.deployments import ONBOARD

# How long a deployment run may stay scheduled before we stop waiting for a worker to pick it up.
START_TIMEOUT_SECONDS = 120
CLOCK_SKEW = timedelta(seconds=60)  # the worker's clock may be behind ours: its run row can start "before" we asked


class OnboardError(RuntimeError):
    """The onboarding could not be started (the Prefect API in use did not answer)."""


@dataclass
class OnboardOutcome:
    """How an onboarding run ended: ``where`` is ``deployment`` or ``in-process``."""
    where: str
    state: str  # COMPLETED, FAILED, CRASHED, SCHEDULED (still waiting for a runner) ...
    ok: bool
    message: str = ""
    flow_run_id: str | None = None
    summary: dict = field(default_factory=dict)


def onboard_parameters(*, name: str, url: str, kind: str, lang: str, ministry: str, country: str,
                       since: date | None, ignore_backoff: bool = True) -> dict:
    """The onboard-source flow's parameters, JSON-ready. A person started it: by default it reads the
    source even if an earlier attempt left it backing off."""
    return {"name": name, "url": url, "kind": kind, "lang": lang, "ministry": ministry, "country": country,
            "backfill_since": since.isoformat() if since else None, "ignore_backoff": ignore_backoff}


def run_onboarding(parameters: dict, *, on_line: Callable[[str], None] = lambda line: None) -> OnboardOutcome:
    """Run onboard-source with ``parameters``: through the served deployment when there is one, else here.

    Waits for the run to finish (a deployment run that no worker starts within
    START_TIMEOUT_SECONDS is left queued); a deployment run's counts come from its source-run row. Raises OnboardError if PREFECT_API_URL is set but the
    API does not answer.
    """
    from prefect.settings import PREFECT_API_URL

    api_url = PREFECT_API_URL.value()
    if api_url and _deployment_exists(api_url):
        on_line(f"starting deployment {ONBOARD} on {api_url}")
        return _run_deployment(parameters, on_line)
    on_line("running flow onboard-source here" + (f" (reporting to {api_url})" if api_url
                                                  else " (Prefect ephemeral mode)"))
    return _run_here(parameters)


def _deployment_exists(api_url: str) -> bool:
    from flows.fleet_runs import FleetUnavailable, deployment_available

    try:
        return deployment_available(ONBOARD)
    except FleetUnavailable as exc:
        raise OnboardError(str(exc)) from None


def _run_deployment(parameters: dict, on_line) -> OnboardOutcome:
    from flows import fleet_runs

    asked = fleet_runs.utc_now() - CLOCK_SKEW
    flow_run_id = fleet_runs.start(ONBOARD, parameters, flow_run_name=f"onboard-{parameters['name']}")
    on_line(f"flow run onboard-{parameters['name']} ({flow_run_id}) queued; waiting for a worker "
            "(`prefect worker start`) or `roadmap serve` to run it")
    run = fleet_runs.wait(flow_run_id, start_timeout=START_TIMEOUT_SECONDS, on_line=on_line)
    counts = fleet_runs.last_run_counts(parameters["name"], since=asked) if run.state == "COMPLETED" else {}
    return OnboardOutcome(where="deployment", state=run.state, ok=run.ok, message=run.message,
                          flow_run_id=flow_run_id, summary=counts)


def _run_here(parameters: dict) -> OnboardOutcome:
    from flows.pipeline_flows import onboard_source_flow

    params = dict(parameters)
    if params.get("backfill_since"):
        params["backfill_since"] = date.fromisoformat(params["backfill_since"])
    state = onboard_source_flow(**params, return_state=True)
    if state.is_completed():
        return OnboardOutcome(where="in-process", state=state.type.value, ok=True, summary=state.result())
    message = state.message or state.type.value
    try:
        state.result()
    except Exception as exc:  # the flow's own failure, shown as one line
        message = str(exc) or message
    return OnboardOutcome(where="in-process", state=state.type.value, ok=False, message=message)
