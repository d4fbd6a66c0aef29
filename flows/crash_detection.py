"""Runs whose process died (a lost worker machine, SIGKILL) marked Crashed by Prefect itself, from missing heartbeats.

Every flow run started from our deployments sends a ``prefect.flow-run.heartbeat`` every
``HEARTBEAT_SECONDS`` (``PREFECT_FLOWS_HEARTBEAT_FREQUENCY``, set in the deployments' environment
by ``roadmap deploy`` and by ``roadmap serve``). The automation below fires for a run whose last
heartbeat is older than ``MISSED_AFTER`` and that did not finish meanwhile, and sets it Crashed,
so it no longer shows Running forever. Its host slot frees itself when its lease runs out
(``flows.host_limits``); the next run of its source closes its run row and announces the
documents it stored (``flows.tasks``).
"""
from __future__ import annotations

from datetime import timedelta

CRASH_AUTOMATION = "roadmap: mark flow runs without heartbeats as crashed"
HEARTBEAT_SECONDS = 30
MISSED_AFTER = timedelta(seconds=3 * HEARTBEAT_SECONDS)  # three heartbeats missed: not a slow network
HEARTBEAT_ENV = {"PREFECT_FLOWS_HEARTBEAT_FREQUENCY": str(HEARTBEAT_SECONDS)}
FINISHED = ("prefect.flow-run.Completed", "prefect.flow-run.Failed", "prefect.flow-run.Cancelled",
            "prefect.flow-run.Crashed")


def crash_automation(missed_after: timedelta = MISSED_AFTER):
    """The automation (not yet created) that marks a run Crashed when no heartbeat came for ``missed_after``."""
    from prefect.automations import Automation, EventTrigger, Posture
    from prefect.client.schemas.objects import StateType
    from prefect.events.actions import ChangeFlowRunState

    return Automation(
        name=CRASH_AUTOMATION,
        description="Created by `roadmap automations create`: a run whose process died is Crashed, not Running.",
        trigger=EventTrigger(
            after={"prefect.flow-run.heartbeat"},
            expect={"prefect.flow-run.heartbeat", *FINISHED},
            match={"prefect.resource.id": "prefect.flow-run.*"},
            for_each={"prefect.resource.id"},
            posture=Posture.Proactive, threshold=1, within=missed_after,
        ),
        actions=[ChangeFlowRunState(state=StateType.CRASHED,
                                    message=f"no heartbeat for {missed_after.total_seconds():.0f} s: "
                                            "the run's process stopped (worker lost?)")],
    )


def create_crash_automation(missed_after: timedelta = MISSED_AFTER) -> str:
    """Create (or replace) the crash automation; returns its name."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        for old in client.read_automations_by_name(CRASH_AUTOMATION):
            client.delete_automation(old.id)
    crash_automation(missed_after).create()
    return CRASH_AUTOMATION
