"""``roadmap users add``: accounts for the review UI."""
from __future__ import annotations

import sys

import typer
from rich.console import Console

from cli.db_session import checked_session
from cli.errors import user_error
from models.sign_in import note_success
from models.users import ROLES, UserError, add_user, get_user

user_error(UserError)

console = Console()
users_app = typer.Typer(help="Accounts for the review UI.", no_args_is_help=True)


@users_app.command("add")
def users_add(name: str, role: str = typer.Option("analyst", help=" | ".join(ROLES)),
              password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin.")) -> None:
    """Create an account; the password is asked for (or read from stdin), never given on the command line."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with checked_session() as session:
        add_user(session=session, username=name, password=password, role=role)
    console.print(f"created {role} {name}")


@users_app.command("unlock")
def users_unlock(name: str) -> None:
    """Let an account sign in again at once after failed sign-ins made it wait (the UI's throttle)."""
    with checked_session() as session:
        if get_user(session=session, username=name) is None:
            raise UserError(f"no user named {name!r}")
        note_success(session=session, username=name)
    console.print(f"{name} may sign in again")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
