"""The deployments ``roadmap serve`` serves and ``roadmap deploy`` puts on a work pool, built from the source registry.

- ``monitor/scheduled``: one cron schedule per enabled source (``config/sources.yaml``), each passing
  that source's name, so every source runs on its own schedule.
- ``process-documents/on-ingest``: triggered by ``roadmap.document.ingested`` events, batched (below),
  plus an hourly sweep that catches anything a crashed run left unprocessed.
- ``ingest-source/adhoc``, ``onboard-source/adhoc``: run on request (CLI, API, Prefect UI).
- ``digest/scheduled``: daily and weekly digests.
- ``monitor/crash-retry``, ``ingest-source/crash-retry``, ``onboard-source/crash-retry``: where a
  crashed run of the three runs once more (``flows.crash_retry``); never scheduled.

Batching: the trigger fires on the first document event, then ignores further events for
``batch_window`` (Prefect's reactive bucket), and the run it starts is scheduled ``batch_window``
later. The run processes every pending document, so every document whose event was swallowed was
stored before the run started: a back-fill of thousands of documents starts one run per window.
"""
from __future__ import annotations

from datetime import timedelta

from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.events.schemas.deployment_triggers import DeploymentEventTrigger
from prefect.schedules import Cron

from flows import events
from flows.digest import digest_flow
from flows.pipeline_flows import ingest_source_flow, monitor_flow, onboard_source_flow, process_documents_flow

DEFAULT_BATCH_WINDOW = timedelta(seconds=60)
SWEEP_CRON = "45 * * * *"
DIGEST_SCHEDULES = (("0 7 * * *", "daily"), ("30 7 * * 1", "weekly"))
TAGS = ["roadmap-monitor"]
# Full names for `prefect deployment run` and `run_deployment`.
ONBOARD = "onboard-source/adhoc"
INGEST = "ingest-source/adhoc"
PROCESS = "process-documents/on-ingest"
MONITOR = "monitor/scheduled"
DIGEST = "digest/scheduled"
RETRY_DEPLOYMENT = "crash-retry"  # each source-reading flow's deployment for a crashed run's one retry (flows.crash_retry)
RETRY_TAG = "crash-retry"
RETRY_TAGS = [*TAGS, RETRY_TAG]


def batched_document_trigger(window: timedelta = DEFAULT_BATCH_WINDOW) -> DeploymentEventTrigger:
    """The trigger that starts process-documents at most once per ``window`` while documents arrive."""
    return DeploymentEventTrigger(
        name="process-documents on roadmap.document.ingested (batched)",
        expect={events.DOCUMENT_INGESTED},
        match={"prefect.resource.id": "roadmap.document.*"},
        threshold=1,
        within=window,
        schedule_after=window,
        parameters={},  # no document ids: the run sweeps every pending document
    )


def monitor_schedules(sources) -> list:
    """One cron schedule per enabled source, with that source as the run's parameter."""
    return [Cron(cfg.schedule, slug=cfg.name, parameters={"sources": [cfg.name]})
            for cfg in sources if cfg.enabled]


def build_deployments(*, batch_window: timedelta = DEFAULT_BATCH_WINDOW, sources=None) -> list[RunnerDeployment]:
    """All of Roadmap Monitor's deployments, ready for ``prefect.serve``.

    ``sources`` defaults to ``sources.config.load_sources()``.
    """
    if sources is None:
        from sources.config import load_sources

        sources = load_sources()
    common = {"tags": TAGS, "entrypoint_type": EntrypointType.MODULE_PATH}
    return [
        monitor_flow.to_deployment(name="scheduled", schedules=monitor_schedules(sources), **common,
                                   description="Ingest each enabled source on its own schedule."),
        process_documents_flow.to_deployment(
            name="on-ingest", triggers=[batched_document_trigger(batch_window)],
            schedules=[Cron(SWEEP_CRON, slug="sweep")], **common,
            description="Extract and link new documents; batched on document events, plus an hourly sweep."),
        ingest_source_flow.to_deployment(name="adhoc", **common, description="Ingest one source now."),
        onboard_source_flow.to_deployment(name="adhoc", **common,
                                          description="Register a new source and back-fill it."),
        digest_flow.to_deployment(
            name="scheduled", **common, description="Daily and weekly digest for analysts.",
            schedules=[Cron(cron, slug=period, parameters={"period": period}) for cron, period in DIGEST_SCHEDULES]),
        *[flow.to_deployment(name=RETRY_DEPLOYMENT, tags=RETRY_TAGS, entrypoint_type=EntrypointType.MODULE_PATH,
                             description="Runs a crashed run's parameters again, once (started by an automation).")
          for flow in (monitor_flow, ingest_source_flow, onboard_source_flow)],
    ]


def prune_schedules(full_name: str, keep_slugs, *, client) -> list[str]:
    """Delete the schedules of deployment ``full_name`` whose slug is not in ``keep_slugs``; returns their slugs.

    Prefect updates schedules by slug and never deletes one the new set leaves out (nor clears
    them for an empty set), so a disabled or removed source would keep its schedule without this.
    """
    from prefect.exceptions import ObjectNotFound

    try:
        deployment = client.read_deployment_by_name(full_name)
    except ObjectNotFound:
        return []
    removed = []
    for schedule in deployment.schedules:
        if schedule.slug not in keep_slugs:
            client.delete_deployment_schedule(deployment.id, schedule.id)
            removed.append(schedule.slug or str(schedule.id))
    return removed


def prepare(deployments: list[RunnerDeployment], sources) -> dict[str, list[str]]:
    """Before applying ``deployments``: drop stale schedules, sync host limits; returns what was removed."""
    from prefect.client.orchestration import get_client

    from flows.host_limits import sync_host_limits

    removed = {}
    with get_client(sync_client=True) as client:
        for dep in deployments:
            gone = prune_schedules(dep.full_name, {s.slug for s in dep.schedules or []}, client=client)
            if gone:
                removed[dep.full_name] = gone
    _, removed["host limits"] = sync_host_limits([cfg.url for cfg in sources if cfg.enabled])
    return removed


def serve_all(*, batch_window: timedelta = DEFAULT_BATCH_WINDOW, limit: int | None = None) -> None:
    """Register every deployment with the Prefect API in use and run their flows here until interrupted."""
    import os

    import prefect.runner.server  # noqa: F401 - imported now, not inside the runner's start: a SIGTERM
    # arriving while the runner imported FastAPI surfaced as a pydantic SchemaError, not a clean stop
    from prefect import serve

    from flows.crash_detection import HEARTBEAT_ENV
    from sources.config import load_sources

    for key, value in HEARTBEAT_ENV.items():  # the flow-run processes started here inherit it
        os.environ.setdefault(key, value)

    sources = load_sources()
    deployments = build_deployments(batch_window=batch_window, sources=sources)
    prepare(deployments, sources)
    serve(*deployments, limit=limit, print_starting_message=True)
