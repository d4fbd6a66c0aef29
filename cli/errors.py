"""Turns the errors a user can cause into one clear line on stderr and exit code 2."""
from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

from models.db import DatabaseError

err_console = Console(stderr=True)

# Exception classes whose message is meant for the user. Modules add theirs with `user_error`.
USER_ERRORS: list[type[BaseException]] = [DatabaseError]


def user_error(cls: type[BaseException]) -> type[BaseException]:
    """Class decorator: errors of this class are shown as one line, not a traceback."""
    USER_ERRORS.append(cls)
    return cls


def run_cli(app: typer.Typer) -> int:
    from config.roadmap_parser import RoadmapFormatError

    handled = tuple(USER_ERRORS) + (RoadmapFormatError,)
    try:
        app(standalone_mode=False)
    except handled as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        return 2
    except typer.Abort:
        err_console.print("aborted")
        return 1
    except SystemExit as exc:
        return int(exc.code or 0)
    except Exception as exc:  # usage errors, from typer's bundled click or click itself
        import click
        from typer._click.exceptions import ClickException as TyperClickException

        if isinstance(exc, (click.ClickException, TyperClickException)):
            exc.show()
            return exc.exit_code
        raise
    return 0
