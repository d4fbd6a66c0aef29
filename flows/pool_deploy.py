"""``roadmap deploy``: Roadmap Monitor's deployments on a Prefect work pool, built from the source registry.

The deployments are those ``roadmap serve`` serves (``flows.deployments``): one monitor schedule
per enabled source of the sources file, so re-running ``roadmap deploy`` after any change to that
file is how a change reaches the fleet. Schedules of sources since disabled or removed are
deleted, host limits follow the sources (``flows.host_limits``). The automations that retry a
crashed ingest run once (``flows.crash_retry``) are replaced to name the deployments applied.

Where workers read the sources file: ``ROADMAP_SOURCES_FILE``. When the deploying machine sets it
(or passes ``--sources-file``), the path goes into every deployment's job variables, so every
worker's flow runs read that same file, whatever copy the worker's own install carries; it must
be readable at that path on every worker (a shared mount). When it is not set, each worker reads
the ``config/sources.yaml`` of its own install, which can differ from the deployer's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

# Prefect is imported only when deploying: the CLI imports this module for DeployError, and importing
# Prefect configures logging for the whole process.
SOURCES_ENV = "ROADMAP_SOURCES_FILE"


class DeployError(RuntimeError):
    """The deployments could not be created: no such work pool, or an unusable sources file."""


@dataclass
class DeployResult:
    """What ``deploy_to_pool`` did: deployments applied, sources scheduled, what it removed."""
    work_pool: str
    deployments: list[str]
    scheduled_sources: list[str]
    sources_file: str | None  # the path pinned in the deployments' job variables, or None
    removed: dict[str, list[str]] = field(default_factory=dict)
    automations: list[str] = field(default_factory=list)  # the crash-retry automations created or replaced


def pinned_sources_file(sources_file: Path | None = None) -> Path | None:
    """The sources file every worker must read: ``sources_file``, else ROADMAP_SOURCES_FILE if set, else None."""
    from config.settings import CONFIG_DIR, get_settings

    if sources_file is None:
        configured = Path(get_settings().sources_file)
        if configured.resolve() == (CONFIG_DIR / "sources.yaml").resolve():
            return None
        sources_file = configured
    path = Path(sources_file).expanduser().resolve()
    if not path.is_file():
        raise DeployError(f"sources file {path} does not exist (workers could not read it either)")
    return path


def deploy_to_pool(*, work_pool: str, sources_file: Path | None = None,
                   batch_window: timedelta = timedelta(seconds=60)) -> DeployResult:
    """Create or update every deployment on ``work_pool`` from the sources file; safe to re-run.

    Raises DeployError when the work pool does not exist or the sources file is missing, and
    SourceConfigError when the sources file is invalid (nothing is changed then).
    """
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    from flows.crash_detection import HEARTBEAT_ENV
    from flows.deployments import build_deployments, prepare
    from sources.config import load_sources

    pinned = pinned_sources_file(sources_file)
    sources = load_sources(pinned)  # validated before anything is changed
    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(work_pool)
        except ObjectNotFound:
            raise DeployError(f"no work pool called {work_pool!r}: create it with "
                              f"`prefect work-pool create {work_pool} --type process`") from None
    deployments = build_deployments(batch_window=batch_window, sources=sources)
    env = {**HEARTBEAT_ENV, **({SOURCES_ENV: str(pinned)} if pinned is not None else {})}
    for dep in deployments:
        variables = dict(dep.job_variables or {})
        variables["env"] = {**variables.get("env", {}), **env}
        dep.job_variables = variables
    removed = prepare(deployments, sources)
    for dep in deployments:
        dep.apply(work_pool_name=work_pool)
    from flows.crash_retry import create_retry_automations

    automations = create_retry_automations()  # they name the deployments by id: after applying them
    return DeployResult(work_pool=work_pool, deployments=[d.full_name for d in deployments],
                        scheduled_sources=[cfg.name for cfg in sources if cfg.enabled],
                        sources_file=str(pinned) if pinned else None,
                        removed={k: v for k, v in removed.items() if v}, automations=automations)
