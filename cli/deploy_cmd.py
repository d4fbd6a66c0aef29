"""``roadmap deploy``: the deployments on a Prefect work pool, from the sources file (see flows.pool_deploy)."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import typer
from rich.console import Console

from cli.errors import user_error
from flows.local_server import quiet_prefect_env
from flows.pool_deploy import DeployError

console = Console()
user_error(DeployError)


def deploy(
    pool: str = typer.Option("roadmap", help="The Prefect work pool (`prefect work-pool create roadmap --type process`)."),
    sources_file: Path = typer.Option(None, help="The sources file every worker reads (its absolute path is set in "
                                                 "the deployments' environment); default: ROADMAP_SOURCES_FILE if "
                                                 "set, else each worker's own config/sources.yaml."),
    batch_window: int = typer.Option(60, help="Seconds: process-documents starts at most once per window."),
) -> None:
    """Create or update the deployments on a work pool from the sources file; re-run after every change to it."""
    quiet_prefect_env()
    from prefect.settings import PREFECT_API_URL

    from flows.pool_deploy import deploy_to_pool

    if not PREFECT_API_URL.value():
        raise DeployError("PREFECT_API_URL is not set: point it at the Prefect server the workers use")
    result = deploy_to_pool(work_pool=pool, sources_file=sources_file, batch_window=timedelta(seconds=batch_window))
    for name in result.deployments:
        console.print(f"deployment ready on pool {result.work_pool}: {name}")
    console.print(f"scheduled sources ({len(result.scheduled_sources)}): {', '.join(result.scheduled_sources)}")
    for name in result.automations:
        console.print(f"automation ready: {name}")
    for what, names in result.removed.items():
        console.print(f"removed from {what}: {', '.join(names)}")
    console.print(f"workers read sources from: {result.sources_file or 'their own install (ROADMAP_SOURCES_FILE unset)'}")


def register(app: typer.Typer) -> None:
    app.command()(deploy)
