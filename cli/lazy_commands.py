"""A command group that imports a command's module only when that command runs.

``roadmap --help`` lists every command from the table below without importing spaCy, Prefect or the
database layer; running ``roadmap review list`` imports ``cli.review_cmd`` (and what it needs) only.
"""
from __future__ import annotations

import importlib

import typer
from typer.core import TyperCommand, TyperGroup

# name: (module whose register(app) adds it, one-line help shown by --help). tests/cli/test_cli_startup.py
# checks that each line matches the command's own help, so the two cannot drift apart.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("cli.roadmap_cmd", "Create or migrate the database and load the roadmap; prints what it did."),
    "commitments": ("cli.roadmap_cmd", "List the roadmap's commitments with their status."),
    "documents": ("cli.sources_cmd", "The documents stored, newest first."),
    "run": ("cli.sources_cmd", "Read sources now and store what is new; ends with a summary per source."),
    "sources": ("cli.sources_cmd", "Sources of press releases: list, health, add one ad hoc."),
    "match": ("cli.match_cmd", "Extract mentions and suggest commitment links for each document (no database, "
                               "no network)."),
    "evaluate-links": ("cli.match_cmd", "Precision and recall of suggested links, at section and commitment level."),
    "evaluate": ("cli.evaluate_cmd", "Measure extraction and linking quality on labelled sets."),
    "review": ("cli.review_cmd", "Review the linker's suggestions; every decision is recorded with who made it."),
    "users": ("cli.review_cmd", "Accounts for the review UI."),
    "export": ("cli.review_cmd", "Commitments with their status and accepted evidence, as a report."),
    "ui": ("cli.review_cmd", "Serve the review UI (its sources page adds and back-fills sources like `roadmap "
                             "sources add`)."),
    "demo": ("cli.demo_cmd", "Run the whole pipeline offline on bundled sample sites and print the roadmap's "
                             "progress."),
    "serve": ("cli.flows_cmd", "Serve all deployments (schedules and triggers); starts a local Prefect server if "
                               "PREFECT_API_URL is unset."),
    "process": ("cli.flows_cmd", "Run process-documents now: pending documents, or re-process a date range "
                                 "(after a gazetteer change); as a Prefect flow only if PREFECT_API_URL is set."),
    "digest": ("cli.flows_cmd", "Make the digest now (new evidence awaiting review, status changes, unhealthy "
                                "sources), stored in the app database; as a Prefect flow only if PREFECT_API_URL "
                                "is set."),
    "automations": ("cli.flows_cmd", "Prefect automations that forward events to webhooks."),
    "deploy": ("cli.deploy_cmd", "Create or update the deployments on a work pool from the sources file; re-run "
                                 "after every change to it."),
    "config": ("cli.config_cmd", "Check the configuration files (sources, entities, patterns, roadmap)."),
    "samples": ("cli.samples_cmd", "The bundled sample sites, for trying Roadmap Monitor offline."),
}


def load_module_commands(module_name: str) -> dict:
    """The click commands that ``module_name``'s ``register(app)`` adds, by name."""
    from flows.local_server import quiet_prefect_env

    quiet_prefect_env()  # before anything imports Prefect: offline, no analytics, patient ephemeral start
    scratch = typer.Typer()
    importlib.import_module(module_name).register(scratch)
    return dict(typer.main.get_group(scratch).commands)


class LazyGroup(TyperGroup):
    """Lists COMMANDS from the table; builds a command from its module when it is asked for to run."""

    _listing = False

    def list_commands(self, ctx) -> list[str]:
        return list(self.commands) + [name for name in COMMANDS if name not in self.commands]

    def get_command(self, ctx, cmd_name: str):
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, help_line = COMMANDS[cmd_name]
            if self._listing:  # the help page needs only the name and one line
                return TyperCommand(cmd_name, help=help_line)
            for name, command in load_module_commands(module).items():
                self.commands.setdefault(name, command)
        return self.commands.get(cmd_name)

    def format_help(self, ctx, formatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False
