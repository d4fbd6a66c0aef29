"""A crashed ingest run is re-run once, with its own parameters, on a deployment no automation watches."""
from __future__ import annotations

import json
from uuid import uuid4

from flows import crash_retry, deployments


def _render(parameters: dict, crashed_run_parameters: dict) -> dict:
    from prefect.utilities.schema_tools.hydration import HydrationContext, hydrate

    context = {"flow_run": {"parameters": crashed_run_parameters}}
    return hydrate(parameters, HydrationContext(raise_on_error=True, render_jinja=True, jinja_context=context))


def _plan(watched: str) -> crash_retry.RetryPlan:
    (plan,) = [p for p in crash_retry.retry_plans() if p.watched == watched]
    return plan


def test_the_retry_gets_the_crashed_runs_parameters_with_their_types():
    crashed = {"source_name": "mofa_press_en", "since": "2026-01-01", "polite_delay": 0.5, "ignore_backoff": True}
    assert _render(_plan(deployments.INGEST).parameters, crashed) == crashed
    monitor = {"sources": ["gac_news_en"], "since": None, "polite_delay": None}
    assert _render(_plan(deployments.MONITOR).parameters, monitor) == monitor


def test_parameters_the_crashed_run_left_unset_get_the_flows_defaults():
    rendered = _render(_plan(deployments.ONBOARD).parameters, {"name": "x_news_en", "url": "https://x.example/"})
    assert rendered["kind"] == "auto" and rendered["ignore_backoff"] is False and rendered["backfill_since"] is None
    assert rendered["name"] == "x_news_en"


def test_crashed_retries_are_not_watched_so_never_retried_twice():
    built = {f"{d.flow_name}/{d.name}": d for d in deployments.build_deployments(sources=[])}
    for plan in crash_retry.retry_plans():
        assert plan.retry in built and plan.retry not in {p.watched for p in crash_retry.retry_plans()}
        assert not built[plan.retry].schedules and not built[plan.retry].triggers
        assert deployments.RETRY_TAG in built[plan.retry].tags  # an operator can filter retries
    assert {p.watched for p in crash_retry.retry_plans()} == {deployments.MONITOR, deployments.INGEST,
                                                              deployments.ONBOARD}


def test_the_automation_fires_on_crashed_runs_of_the_watched_deployment_only():
    watched, retry = uuid4(), uuid4()
    automation = crash_retry.retry_automation(_plan(deployments.INGEST), watched_id=watched, retry_id=retry)
    trigger = json.loads(automation.trigger.model_dump_json())
    assert trigger["expect"] == [crash_retry.CRASHED]
    assert trigger["match_related"] == {"prefect.resource.id": f"prefect.deployment.{watched}",
                                        "prefect.resource.role": "deployment"}
    (action,) = automation.actions
    assert action.deployment_id == retry and action.source == "selected"
