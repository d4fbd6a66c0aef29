"""``roadmap export``: commitments with their status and accepted evidence, as a report file."""
from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from cli.db_session import checked_session
from cli.errors import user_error
from reports.export import FORMATS, ExportError, build_report, render_report

user_error(ExportError)

console = Console()


def export(format: str = typer.Option("html", "--format", help="csv, json, md or html."),
           section: str = typer.Option(None, help="Only this section or chapter."),
           output: Path = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
           history: bool = typer.Option(False, "--history", help="Include each commitment's review history.")) -> None:
    """Commitments with their status and accepted evidence, as a report."""
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    with checked_session() as session:
        text = render_report(build_report(session=session, section=section, with_history=history), format)
    if output:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")
    else:
        sys.stdout.write(text)



def register(app: typer.Typer) -> None:
    app.command("export")(export)
