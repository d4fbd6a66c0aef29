"""``roadmap demo``: run the demo (demo.run) and print what it did, the roadmap's progress, what awaits
review and the next steps as commands that work when pasted into a new shell."""
from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path
from typing import Mapping

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from cli.errors import user_error

console = Console() if sys.stdout.isatty() else Console(width=140)  # piped output: don't squeeze tables to 80

STATUS_STYLE = {"achieved": "green", "on track": "green", "under way": "cyan", "overdue": "red",
                "no evidence": "dim", "awaiting review": "yellow"}


def launcher(argv0: str, executable: str, cwd: Path) -> str:
    """How to run ``roadmap`` again, the way this process was started: the console script's path (relative
    to ``cwd`` when inside it, e.g. ``.venv/bin/roadmap``), else ``<python> -m cli.main``."""
    script = Path(argv0)
    if script.name != "roadmap":
        return f"{shlex.quote(executable)} -m cli.main"
    found = script if script.parent != Path("") else Path(shutil.which(argv0) or argv0)
    if found.is_absolute() or found.parent != Path(""):
        found = Path(os.path.abspath(found))
        if found.is_relative_to(cwd):
            found = found.relative_to(cwd)
    return shlex.quote(str(found))


def next_steps(*, home: Path, environ: Mapping[str, str], run: str, cwd: Path) -> list[str]:
    """Shell lines that reach the demo's data from a new shell: cd, the environment the demo's folder
    needs (``ROADMAP_HOME`` unless it is the default one, ``ROADMAP_DATABASE_URL`` if the caller set one
    that would win over the folder's SQLite file), then the README's first commands."""
    from demo.run import demo_database_url, settings_default_home

    lines = [f"cd {shlex.quote(str(cwd))}"]
    if home.resolve() != (cwd / settings_default_home()).resolve():
        lines.append(f"export ROADMAP_HOME={shlex.quote(str(home.resolve()))}")
    if environ.get("ROADMAP_DATABASE_URL"):
        lines.append(f"export ROADMAP_DATABASE_URL={shlex.quote(demo_database_url(home))}")
    in_home = home / "report.md"
    report = in_home.resolve().relative_to(cwd.resolve()) if in_home.resolve().is_relative_to(cwd.resolve()) \
        else in_home.resolve()
    return lines + [f"{run} commitments", f"{run} documents", f"{run} review list",
                    f"{run} export --format md -o {shlex.quote(str(report))}", f"{run} ui"]


def demo(home: Path = typer.Option(None, help="Folder for the demo's database, Prefect state and report; a "
                                                "previous demo there is moved aside. Default: ROADMAP_HOME if "
                                                "set, else .roadmap (where the other commands look).")) -> None:
    """Run the whole pipeline offline on bundled sample sites and print the roadmap's progress."""
    from demo.run import DemoHomeInUse, default_home, run_demo
    from reports.progress_summary import awaiting_review, progress_rows

    user_error(DemoHomeInUse)
    caller_env = dict(os.environ)  # the demo re-points ROADMAP_HOME and the database at its folder
    result = run_demo(home or default_home(caller_env), on_step=lambda line: console.print(f"[bold]›[/bold] {line}"))
    if result.previous:
        console.print(f"The previous demo's folder, with its reviews and accounts, was moved to "
                      f"[bold]{result.previous}[/bold] (ROADMAP_HOME={result.previous} reaches it).")
    table = Table(title="Ingestion (sample sites)", show_lines=False)
    for col in ("source", "new", "revised", "unchanged", "failed"):
        table.add_column(col, justify="left" if col == "source" else "right")
    for r in result.ingest:
        table.add_row(r["source"], *(str(r.get(k, "")) for k in ("new", "revised", "unchanged", "failed")))
    console.print(table)
    console.print(f"processed {result.process['documents']} documents: {result.process['mentions']} mentions, "
                  f"{result.process['suggestions']} suggestions")
    console.print(progress_table(progress_rows(), width=console.width))
    waiting = awaiting_review()
    console.print(f"[yellow]{waiting.suggestions} suggestions ({waiting.items} review items: copies of one event "
                  f"count once) for {waiting.commitments} commitments await review[/yellow]; a commitment "
                  "shows evidence once an analyst accepts some.")
    if result.report_path:
        console.print(f"HTML report: [bold]{result.report_path}[/bold]")
    console.print(f"\nDemo finished in {result.seconds:.0f} s ({', '.join(f'{k} {v}s' for k, v in result.timings.items())}).")
    cwd = Path.cwd()
    run = launcher(sys.argv[0], sys.executable, cwd)
    steps = next_steps(home=result.home, environ=caller_env, run=run, cwd=cwd)
    activate = f" (or `source {Path(run).parent / 'activate'}` once, then `roadmap …` as in the README)" \
        if run.endswith("bin/roadmap") else ""
    console.print(f"Next, in a new shell{activate}:", highlight=False)
    for line in steps:
        console.print(f"  [bold]{line}[/bold]", highlight=False, soft_wrap=True)
    console.print(f"and sign in to the UI as [bold]{result.username}[/bold] with password "
                  f"[bold]{result.password}[/bold] (random, shown once; add accounts with `roadmap users add`)")


def progress_table(rows, *, width: int = 140) -> Table:
    """The progress table: chapters, sections and commitments with status and evidence counts.

    Fits ``width`` (80 columns and up): the text column gets what the other columns leave, cut with an
    ellipsis; a commitment
    with suggestions but nothing accepted shows "awaiting review" rather than "no evidence".
    """
    table = Table(title="Roadmap progress", box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False,
                  width=width)
    table.add_column("id", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("acc.", justify="right", no_wrap=True)
    table.add_column("queue", justify="right", no_wrap=True)
    table.add_column("latest", no_wrap=True)
    table.add_column("chapter / section / commitment", overflow="ellipsis", no_wrap=True, ratio=1)
    for r in rows:
        if r.level == "commitment":
            status = "awaiting review" if r.status == "no evidence" and r.suggested else r.status
            style = STATUS_STYLE.get(status, "")
            table.add_row(f"  {r.number}", f"[{style}]{status}[/{style}]" if style else status,
                          str(r.accepted), str(r.suggested), r.latest, r.title)
        else:
            style = "bold" if r.level == "chapter" else "bold cyan"
            table.add_row(f"[{style}]{r.number}[/{style}]", r.status, str(r.accepted), str(r.suggested), r.latest,
                          f"[{style}]{r.title}[/{style}]")
    return table


def register(app: typer.Typer) -> None:
    app.command()(demo)
