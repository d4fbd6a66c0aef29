"""``roadmap users list|disable|enable|passwd``: a disabled account cannot sign in or decide; a new
password replaces the old one under the same policy as ``users add``."""
from __future__ import annotations

import json

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from models.users import UserError, authenticate, require_reviewer

OLD = "a long secret here"
NEW = "another long phrase to sign in with"


def run(*args, input=None):
    return CliRunner().invoke(app, list(args), input=input, standalone_mode=False)


@pytest.fixture
def accounts(engine):
    assert run("users", "add", "nora", "--role", "reader", "--password-stdin", input=OLD + "\n").exit_code == 0
    assert run("users", "add", "Ana", "--password-stdin", input=OLD + "\n").exit_code == 0
    return engine


def signs_in(engine, name: str, password: str) -> bool:
    with Session(engine) as s:
        return authenticate(session=s, username=name, password=password) is not None


def test_list_shows_every_account_by_name(accounts):
    rows = json.loads(run("users", "list", "--format", "json").stdout)
    assert [(r["name"], r["role"], r["active"]) for r in rows] == [("Ana", "analyst", True), ("nora", "reader", True)]
    table = run("users", "list").stdout
    assert "Ana" in table and "reader" in table


def test_a_disabled_account_cannot_sign_in_or_decide_until_enabled(accounts):
    assert run("users", "disable", "ana").exit_code == 0  # any case names the account
    assert json.loads(run("users", "list", "--format", "json").stdout)[0]["active"] is False
    assert not signs_in(accounts, "Ana", OLD)
    with Session(accounts) as s, pytest.raises(UserError, match="no active user"):
        require_reviewer(session=s, username="Ana")
    assert run("users", "enable", "Ana").exit_code == 0
    assert signs_in(accounts, "Ana", OLD)


def test_passwd_replaces_the_password_under_the_policy(accounts):
    refused = run("users", "passwd", "nora", "--password-stdin", input="short\n")
    assert isinstance(refused.exception, UserError) and signs_in(accounts, "nora", OLD)
    assert run("users", "passwd", "nora", "--password-stdin", input=NEW + "\n").exit_code == 0
    assert signs_in(accounts, "nora", NEW) and not signs_in(accounts, "nora", OLD)
    prompted = run("users", "passwd", "nora", input=f"{OLD}\n{OLD}\n")  # asked twice, not echoed
    assert prompted.exit_code == 0 and signs_in(accounts, "nora", OLD)


@pytest.mark.parametrize("command", [("disable", "zed"), ("enable", "zed"), ("passwd", "zed", "--password-stdin"),
                                     ("unlock", "zed")])
def test_an_unknown_account_is_named(accounts, command):
    result = run("users", *command, input=NEW + "\n")
    assert isinstance(result.exception, UserError) and "no user named 'zed'" in str(result.exception)


@pytest.fixture
def seeded(engine):
    from tests.support.review_seed import seed

    with Session(engine, expire_on_commit=False) as s:
        seed(s)
    return engine


def _signed_out(client) -> bool:
    r = client.get("/")
    return r.status_code == 303 and r.headers["location"].startswith("/login")


def test_disabling_ends_open_ui_sessions_and_refuses_sign_in(seeded):
    from review.app import create_app
    from tests.support.review_seed import PASSWORD
    from tests.support.web_client import client_for

    app = create_app(seeded)
    ana, rita = client_for(app, "ana"), client_for(app, "rita")
    assert run("users", "disable", "ana").exit_code == 0
    assert _signed_out(ana) and not _signed_out(rita)
    fresh = client_for(app, None)
    refused = fresh.post("/login", data={"username": "ana", "password": PASSWORD, "csrf_token": fresh.csrf})
    assert refused.status_code == 401
    assert run("users", "enable", "ana").exit_code == 0
    assert not _signed_out(client_for(app, "ana"))


def test_a_new_password_signs_out_sessions_opened_with_the_old_one(seeded):
    from review.app import create_app
    from tests.support.web_client import client_for

    app = create_app(seeded)
    ana, rita = client_for(app, "ana"), client_for(app, "rita")
    assert run("users", "passwd", "ana", "--password-stdin", input=NEW + "\n").exit_code == 0
    assert _signed_out(ana) and not _signed_out(rita)
    again = client_for(app, None)
    r = again.post("/login", data={"username": "ana", "password": NEW, "csrf_token": again.csrf})
    assert r.status_code == 303 and not _signed_out(again)
