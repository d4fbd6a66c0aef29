"""``roadmap users …``: accounts for the review UI (add, list, disable, enable, passwd, unlock)."""
from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.table import Table

from cli.db_session import checked_session
from cli.errors import user_error
from cli.output_format import Format, write_json
from models.sign_in import note_success
from models.users import ROLES, UserError, add_user, existing_user, list_users, set_active, set_password

user_error(UserError)

console = Console()
users_app = typer.Typer(help="Accounts for the review UI.", no_args_is_help=True)
PASSWORD_STDIN = typer.Option(False, "--password-stdin", help="Read the password from stdin (one line).")


def _password(from_stdin: bool) -> str:
    """The new password: one line of stdin, or asked twice without echo. Never a command-line argument
    (it would show in `ps` and the shell's history)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("password", hide_input=True, confirmation_prompt=True)


@users_app.command("add")
def users_add(name: str, role: str = typer.Option("analyst", help=" | ".join(ROLES)),
              password_stdin: bool = PASSWORD_STDIN) -> None:
    """Create an account; the password is asked for (or read from stdin), never given on the command line."""
    password = _password(password_stdin)
    with checked_session() as session:
        add_user(session=session, username=name, password=password, role=role)
    console.print(f"created {role} {name}")


@users_app.command("list")
def users_list(format: Format = typer.Option(Format.table, "--format", help="table or json.")) -> None:
    """Every account with its role and whether it may sign in."""
    with checked_session() as session:
        rows = [{"name": u.username, "role": u.role, "active": u.active,
                 "created_at": u.created_at.isoformat(timespec="seconds")} for u in list_users(session=session)]
    if format is Format.json:
        write_json(rows)
        return
    table = Table("name", "role", "active", "created")
    for r in rows:
        table.add_row(r["name"], r["role"], "yes" if r["active"] else "[red]disabled[/red]", r["created_at"][:16])
    console.print(table)
    if not rows:
        console.print("no accounts yet: `roadmap users add NAME --role admin`")


@users_app.command("disable")
def users_disable(name: str) -> None:
    """Stop an account from signing in (its open UI sessions end too); its past decisions stay in the audit."""
    with checked_session() as session:
        user = set_active(session=session, username=name, active=False)
    console.print(f"{user.username} is disabled: it cannot sign in or decide until `roadmap users enable "
                  f"{user.username}`", highlight=False)


@users_app.command("enable")
def users_enable(name: str) -> None:
    """Let a disabled account sign in again."""
    with checked_session() as session:
        user = set_active(session=session, username=name, active=True)
    console.print(f"{user.username} may sign in", highlight=False)


@users_app.command("passwd")
def users_passwd(name: str, password_stdin: bool = PASSWORD_STDIN) -> None:
    """Give an account a new password (asked for, or read from stdin; the password policy applies); its open UI
    sessions end."""
    with checked_session() as session:
        existing_user(session=session, username=name)  # before asking for a password
    password = _password(password_stdin)
    with checked_session() as session:
        user = set_password(session=session, username=name, password=password)
    console.print(f"new password set for {user.username}", highlight=False)


@users_app.command("unlock")
def users_unlock(name: str) -> None:
    """Let an account sign in again at once after failed sign-ins made it wait (the UI's throttle)."""
    with checked_session() as session:
        existing_user(session=session, username=name)
        note_success(session=session, username=name)
    console.print(f"{name} may sign in again")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
