"""The ``roadmap`` command. Each command group lives in its own module with a ``register(app)``."""
from __future__ import annotations

import sys

import typer

from cli import evaluate_cmd, flows_cmd, match_cmd, review_cmd, roadmap_cmd, sources_cmd
from cli.errors import run_cli

app = typer.Typer(help="Roadmap Monitor: track whether governments do what they promised.",
                  no_args_is_help=True, pretty_exceptions_enable=False)

for module in (roadmap_cmd, sources_cmd, match_cmd, evaluate_cmd, review_cmd, flows_cmd):
    module.register(app)


def main() -> None:
    sys.exit(run_cli(app))


if __name__ == "__main__":
    main()
