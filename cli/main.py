"""The ``roadmap`` command. Each command group lives in its own module with a ``register(app)``."""
from __future__ import annotations

import sys

from flows.local_server import quiet_prefect_env

quiet_prefect_env()  # before anything imports Prefect: offline, no analytics, patient ephemeral start

import typer  # noqa: E402

from cli import (deploy_cmd, evaluate_cmd, flows_cmd, match_cmd, review_cmd, roadmap_cmd, samples_cmd,  # noqa: E402
                 sources_cmd)
from cli.errors import run_cli, user_error  # noqa: E402
from flows.process import RoadmapNotLoaded  # noqa: E402

app = typer.Typer(help="Roadmap Monitor: track whether governments do what they promised.",
                  no_args_is_help=True, pretty_exceptions_enable=False)

user_error(RoadmapNotLoaded)

for module in (roadmap_cmd, sources_cmd, match_cmd, evaluate_cmd, review_cmd, flows_cmd, deploy_cmd, samples_cmd):
    module.register(app)


def main() -> None:
    sys.exit(run_cli(app))


if __name__ == "__main__":
    main()
