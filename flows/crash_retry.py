"""Crashed ingest runs retried once, by a Prefect automation (deployment retries do not cover Crashed).

A run of ``monitor/scheduled``, ``ingest-source/adhoc`` or ``onboard-source/adhoc`` that ends Crashed
(its worker lost, marked by ``flows.crash_detection``; or its process killed under a live worker)
is started again, with the same parameters, on the same flow's ``crash-retry`` deployment. That
deployment is the marker: a crashed retry is not retried again, as no automation watches it. The
retry, like any run of the source, closes the dead run's row and announces the documents it stored
(``flows.tasks``); the dead run's host slot frees itself when its lease ends (``flows.host_limits``).

The automations need the deployments' ids: ``roadmap deploy`` and ``roadmap automations create``
create them (replacing those of the same name) once the deployments exist.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass

from flows.deployments import INGEST, MONITOR, ONBOARD, RETRY_DEPLOYMENT
RETRY_PREFIX = "roadmap: retry crashed runs once: "
CRASHED = "prefect.flow-run.Crashed"


@dataclass(frozen=True)
class RetryPlan:
    """Crashed runs of deployment ``watched`` are re-run on ``retry`` with ``parameters`` (Prefect templates)."""
    watched: str  # full deployment name, e.g. "ingest-source/adhoc"
    retry: str  # full deployment name, e.g. "ingest-source/crash-retry"
    parameters: dict

    @property
    def automation_name(self) -> str:
        return RETRY_PREFIX + self.watched


def retried_flows() -> dict[str, object]:
    """The watched deployments' full names and their flows: the runs that read sources."""
    from flows.pipeline_flows import ingest_source_flow, monitor_flow, onboard_source_flow

    return {MONITOR: monitor_flow, INGEST: ingest_source_flow, ONBOARD: onboard_source_flow}


def same_parameters(flow) -> dict:
    """RunDeployment parameters that copy each of ``flow``'s parameters from the crashed run.

    A parameter the crashed run did not set gets the flow's default (a missing key rendered as
    null would be refused for a boolean, and would change a default that is not None).
    """
    parameters = {}
    for name, param in inspect.signature(flow.fn).parameters.items():
        default = None if param.default is inspect.Parameter.empty else param.default
        expression = f"flow_run.parameters.get({name!r}, {default!r})"
        parameters[name] = {"__prefect_kind": "json",
                            "value": {"__prefect_kind": "jinja", "template": "{{ " + expression + " | tojson }}"}}
    return parameters


def retry_plans() -> list[RetryPlan]:
    """One plan per watched deployment."""
    return [RetryPlan(watched=name, retry=f"{name.split('/')[0]}/{RETRY_DEPLOYMENT}", parameters=same_parameters(flow))
            for name, flow in retried_flows().items()]


def retry_automation(plan: RetryPlan, *, watched_id, retry_id):
    """The automation (not yet created) that re-runs a crashed run of ``watched_id`` on ``retry_id``."""
    from prefect.automations import Automation, EventTrigger, Posture
    from prefect.events.actions import RunDeployment

    return Automation(
        name=plan.automation_name,
        description=f"Created by `roadmap deploy`: a crashed {plan.watched} run runs again, once, on {plan.retry}.",
        trigger=EventTrigger(
            expect={CRASHED}, match={"prefect.resource.id": "prefect.flow-run.*"},
            match_related={"prefect.resource.id": f"prefect.deployment.{watched_id}",
                           "prefect.resource.role": "deployment"},
            posture=Posture.Reactive, threshold=1),
        actions=[RunDeployment(source="selected", deployment_id=retry_id, parameters=plan.parameters)],
    )


def create_retry_automations() -> list[str]:
    """Create (or replace) the retry automations for the deployments that exist; returns their names."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    created = []
    with get_client(sync_client=True) as client:
        for plan in retry_plans():
            for old in client.read_automations_by_name(plan.automation_name):
                client.delete_automation(old.id)
            try:
                watched = client.read_deployment_by_name(plan.watched)
                retry = client.read_deployment_by_name(plan.retry)
            except ObjectNotFound:  # not deployed (yet): `roadmap deploy` creates it
                continue
            retry_automation(plan, watched_id=watched.id, retry_id=retry.id).create()
            created.append(plan.automation_name)
    return created
