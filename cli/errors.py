"""Turns the errors a user can cause into one clear line on stderr and exit code 2."""
from __future__ import annotations

import re

import typer
from rich.console import Console
from rich.markup import escape

from models.db import DatabaseError

err_console = Console(stderr=True)

# Exception classes whose message is meant for the user. Modules add theirs with `user_error`.
MISSING_TABLE = re.compile(r"no such table|relation \"?\w+\"? does not exist", re.I)

USER_ERRORS: list[type[BaseException]] = [DatabaseError]


def user_error(cls: type[BaseException]) -> type[BaseException]:
    """Class decorator: errors of this class are shown as one line, not a traceback."""
    USER_ERRORS.append(cls)
    return cls


def _say(message: str) -> None:
    err_console.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)


def run_cli(app: typer.Typer) -> int:
    from sqlalchemy.exc import DBAPIError

    from config.roadmap_data import RoadmapConfigError
    from config.roadmap_parser import RoadmapFormatError

    handled = tuple(USER_ERRORS) + (RoadmapFormatError, RoadmapConfigError)
    try:
        app(standalone_mode=False)
    except handled as exc:
        _say(str(exc))
        return 2
    except DBAPIError as exc:  # the database went away or refused a statement mid-run
        reason = " ".join(str(exc.orig or exc).split())[:300]
        if MISSING_TABLE.search(reason):
            _say(f"the database has no Roadmap Monitor tables yet ({reason}): run `roadmap init` first.")
        else:
            _say(f"database error, the run stopped: {reason}. What was stored before is kept; run it again "
                 "when the database is back.")
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
