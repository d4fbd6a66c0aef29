"""Starting an onboard-source run from the CLI (``roadmap sources add … --backfill``).

With a Prefect API (``PREFECT_API_URL``) serving the ``onboard-source/adhoc`` deployment, the run
goes there, so the runner that serves the event trigger does the back-fill and its document events
start process-documents at once. Otherwise the flow runs here, in Prefect's ephemeral mode (or
against the API in use). Either way the documents are announced as ``roadmap.document.ingested``.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from flows.deployments import ONBOARD

# How long a deployment run may stay scheduled before we stop waiting for a runner to pick it up.
START_TIMEOUT_SECONDS = 120
POLL_SECONDS = 2.0


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

    Waits for the run to finish (a deployment run that no runner starts within
    START_TIMEOUT_SECONDS is left queued). Raises OnboardError if PREFECT_API_URL is set but the
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
    import httpx
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    try:
        with get_client(sync_client=True) as client:
            client.read_deployment_by_name(ONBOARD)
    except ObjectNotFound:
        return False
    except (httpx.HTTPError, OSError) as exc:
        raise OnboardError(f"the Prefect API at {api_url} did not answer ({exc}); "
                           "start it, or unset PREFECT_API_URL to run here") from None
    return True


def _run_deployment(parameters: dict, on_line) -> OnboardOutcome:
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    flow_run = run_deployment(ONBOARD, parameters=parameters, timeout=0,
                              flow_run_name=f"onboard-{parameters['name']}")
    on_line(f"flow run {flow_run.name} ({flow_run.id}) scheduled; waiting for a runner (`roadmap serve`)")
    start_deadline = time.monotonic() + START_TIMEOUT_SECONDS
    with get_client(sync_client=True) as client:
        while True:
            flow_run = client.read_flow_run(flow_run.id)
            state = flow_run.state
            if state is not None and state.is_final():
                return OnboardOutcome(where="deployment", state=state.type.value, ok=state.is_completed(),
                                      message=state.message or "", flow_run_id=str(flow_run.id))
            if (state is None or state.is_scheduled()) and time.monotonic() > start_deadline:
                return OnboardOutcome(where="deployment", state="SCHEDULED", ok=True, flow_run_id=str(flow_run.id),
                                      message=f"no runner started it within {START_TIMEOUT_SECONDS}s; it stays "
                                              "queued until `roadmap serve` (or a worker) picks it up")
            time.sleep(POLL_SECONDS)  # polling the run's state, with a deadline while it waits to start


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
