"""``roadmap evaluate``: quality on labelled sets.

``roadmap evaluate --set PATH`` scores extraction and linking on a folder of real labelled releases
(``../shared/realdev``); ``roadmap evaluate extraction`` scores mention extraction on our devset.
"""
from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from cli.errors import user_error
from evaluation.extraction import DevsetError, evaluate, load_devset
from evaluation.realset import RealsetError
from extractors.gazetteer import GazetteerError

user_error(DevsetError)
user_error(GazetteerError)
user_error(RealsetError)

evaluate_app = typer.Typer(help="Measure extraction and linking quality on labelled sets.")


@evaluate_app.callback(invoke_without_command=True)
def evaluate_set(
    ctx: typer.Context,
    set_path: Path = typer.Option(None, "--set", help="Folder of labelled real releases (cases/*.json, or its parent)."),
    fmt: str = typer.Option("table", "--format", help="table or json"),
    threshold: float = typer.Option(None, "--threshold", help="Override the settings' link threshold."),
    worst: int = typer.Option(15, "--worst", help="How many of the worst cases to list."),
) -> None:
    """With --set: mention recall, section-level link P/R, links on negatives and the worst misses."""
    if ctx.invoked_subcommand is not None:
        return
    if set_path is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)
    if fmt not in ("table", "json"):
        raise typer.BadParameter("--format must be table or json")
    from cli.realset_output import print_realset
    from evaluation.realset import load_realset
    from evaluation.realset_score import pipeline_matcher, score_realset

    report = score_realset(load_realset(set_path), pipeline_matcher(threshold=threshold)).as_dict()
    if fmt == "json":
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_realset(report, worst=worst)


@evaluate_app.command("extraction")
def extraction(
    fmt: str = typer.Option("table", "--format", help="table or json"),
    devset: Path = typer.Option(None, "--devset", help="Folder of devset YAML files (default: evaluation/data/devset)."),
    detect: bool = typer.Option(False, "--detect-language", help="Ignore declared languages; detect them."),
) -> None:
    """Print mention precision/recall per language and type, and the hard-negative check."""
    if fmt not in ("table", "json"):
        raise typer.BadParameter("--format must be table or json")
    report = evaluate(load_devset(devset), use_declared_lang=not detect).as_dict()
    if fmt == "json":
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return
    table = Table(title="Mention extraction on the development set")
    for col in ("lang", "type", "tp", "fp", "fn", "precision", "recall"):
        table.add_column(col)
    for row in report["scores"]:
        table.add_row(*(str(row[c]) for c in ("lang", "type", "tp", "fp", "fn", "precision", "recall")))
    console = Console()
    console.print(table)
    console.print(f"matched mentions: {report['matched']}  canonical id agreement: {report['canonical_accuracy']}  "
                  f"action agreement: {report['action_accuracy']}  countries agreement: {report['countries_accuracy']}")
    bad = report["negative_jp_ca_mentions"]
    console.print(f"hard negatives: {report['negative_documents']} documents, "
                  f"{len(bad)} mentions attributed to Japan-Canada" + (f": {bad}" if bad else ""))


def register(app: typer.Typer) -> None:
    app.add_typer(evaluate_app, name="evaluate")
