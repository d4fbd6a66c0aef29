"""The ``roadmap`` command. Each command group lives in its own module with a ``register(app)``; the
group imports a module only when one of its commands runs (cli.lazy_commands), so ``--help`` is quick."""
from __future__ import annotations

import sys

import typer

from cli.errors import run_cli
from cli.lazy_commands import LazyGroup

DISTRIBUTION = "roadmap-monitor"

app = typer.Typer(help="Roadmap Monitor: track whether governments do what they promised.", cls=LazyGroup,
                  no_args_is_help=True, pretty_exceptions_enable=False)


def version_text() -> str:
    """``roadmap <version>``, from the installed distribution, else pyproject.toml beside the code."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"roadmap {version(DISTRIBUTION)}"
    except PackageNotFoundError:  # run from a checkout that was never installed
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
        return f"roadmap {tomllib.loads(pyproject.read_text(encoding='utf-8'))['project']['version']}"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Roadmap Monitor: track whether governments do what they promised."""


def main() -> None:
    sys.exit(run_cli(app))


if __name__ == "__main__":
    main()
