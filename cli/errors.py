"""Turns the errors a user can cause into one clear line on stderr and exit code 2."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

err_console = Console(stderr=True)

MISSING_TABLE = re.compile(r"no such table|relation \"?\w+\"? does not exist", re.I)
MISSING_COLUMN = re.compile(r"no such column|column \"?[\w.]+\"? does not exist|has no column named", re.I)

# Exception classes whose message is meant for the user. Modules add theirs with `user_error`.
USER_ERRORS: list[type[BaseException]] = []
# The same, named by module so that the CLI need not import them up front (an error of one of these
# classes can only have been raised once its module was imported).
USER_ERRORS_BY_NAME = [("models.db", "DatabaseError"), ("pipeline.process", "RoadmapNotLoaded"),
                       ("config.roadmap_data", "RoadmapConfigError"), ("config.roadmap_parser", "RoadmapFormatError"),
                       ("config.config_errors", "ConfigFileError")]
SETTINGS_MODEL = "Settings"  # config.settings.Settings: its validation errors come from ROADMAP_* variables


def user_error(cls: type[BaseException]) -> type[BaseException]:
    """Class decorator: errors of this class are shown as one line, not a traceback."""
    USER_ERRORS.append(cls)
    return cls


def _say(message: str) -> None:
    err_console.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)


def _user_error_classes() -> tuple[type[BaseException], ...]:
    named = [getattr(sys.modules[module], name) for module, name in USER_ERRORS_BY_NAME if module in sys.modules]
    return tuple(USER_ERRORS) + tuple(named)


def settings_message(exc) -> str | None:
    """One line naming each bad ``ROADMAP_*`` variable, for a pydantic ValidationError raised while reading
    the settings; None for any other validation error (those are bugs, shown as tracebacks)."""
    if getattr(exc, "title", None) != SETTINGS_MODEL:
        return None
    parts = []
    for error in exc.errors():
        variable = "ROADMAP_" + "_".join(str(p) for p in error["loc"][:1]).upper()
        parts.append(f"{variable}={error.get('input')!r} is not usable: {error['msg']}")
    return "; ".join(parts) + " (see config/settings.py)"


def _database_message(exc) -> str:
    reason = " ".join(str(exc.orig or exc).split())[:300]
    if MISSING_TABLE.search(reason):
        return f"the database has no Roadmap Monitor tables yet ({reason}): run `roadmap init` first."
    if MISSING_COLUMN.search(reason):  # code newer than the database: a migration has not run yet
        return (f"the database is older than this version of Roadmap Monitor ({reason}): run `roadmap init` to "
                "migrate it.")
    if "unable to open database file" in reason:
        from config.settings import get_settings

        settings = get_settings()
        return (f"cannot open the SQLite database {settings.effective_database_url.removeprefix('sqlite:///')} "
                f"({reason}): ROADMAP_HOME={settings.home} must be a folder you can write to.")
    return (f"database error, the run stopped: {reason}. What was stored before is kept; run it again "
            "when the database is back.")


def _home_message(exc: OSError) -> str | None:
    """One line for a file error on ROADMAP_HOME or inside it (missing, not a folder, read-only); None for
    a file error elsewhere, which is not a settings problem."""
    from config.settings import get_settings

    if not exc.filename:
        return None
    home = get_settings().home.resolve()
    path = Path(exc.filename).resolve()
    if path != home and home not in path.parents and path not in home.parents:
        return None
    if home.exists() and not home.is_dir():
        return f"ROADMAP_HOME={home} is a file, not a folder; point it at a folder you can write to."
    return f"ROADMAP_HOME={home} is not usable: {exc.strerror or exc} ({exc.filename}); point it at a folder you can write to."


def run_cli(app: typer.Typer) -> int:
    try:
        app(standalone_mode=False)
    except typer.Abort:
        err_console.print("aborted")
        return 1
    except SystemExit as exc:
        return int(exc.code or 0)
    except Exception as exc:
        return _handle(exc)
    return 0


def _handle(exc: Exception) -> int:
    """Exit code after saying what went wrong in one line; re-raises what is not the user's doing."""
    import click
    from pydantic import ValidationError
    from sqlalchemy.exc import DBAPIError
    from cli.typer_usage import TyperClickException

    if isinstance(exc, _user_error_classes()):
        _say(str(exc))
        return 2
    if isinstance(exc, ValidationError) and (message := settings_message(exc)):
        _say(message)
        return 2
    if isinstance(exc, OSError) and (message := _home_message(exc)):
        _say(message)
        return 2
    if isinstance(exc, DBAPIError):  # the database went away, refused a statement or cannot be opened
        _say(_database_message(exc))
        return 2
    if isinstance(exc, (click.ClickException, TyperClickException)):  # usage errors
        exc.show()
        return exc.exit_code
    raise exc
