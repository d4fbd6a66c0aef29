"""Sign-in abuse (issue 14): throttling with backoff kept in the database, a bounded number of password
hashes at once, the password policy, case-insensitive names, revocations that survive a restart,
Secure cookies off loopback and secret keys checked by entropy."""
from __future__ import annotations

import secrets
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from config.settings import Settings
from models import sign_in, users
from models.tables import User
from models.users import UserError, add_user, authenticate
from review.app import create_app
from review.auth import InsecureSecretError, resolve_secret_key
from tests.support.review_seed import PASSWORD, seed
from tests.support.web_client import client_for
from tests.support.waiting import wait_until

KEY = "x7Q2-long-random-value-for-tests"
T0 = datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def data(engine):
    with Session(engine, expire_on_commit=False) as s:
        return seed(s)


def _try(client, username: str, password: str):
    return client.post("/login", data={"username": username, "password": password, "csrf_token": client.csrf})


def test_repeated_wrong_passwords_lock_the_account_even_against_the_right_one(engine, data):
    client = client_for(create_app(engine), None)
    codes = [_try(client, "ana", f"wrong guess number {i}").status_code for i in range(60)]
    assert codes[:5] == [401] * 5 and codes[-1] == 429
    refused = _try(client, "ana", PASSWORD)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert "Too many failed sign-ins" in refused.text
    again = client_for(create_app(engine), None)  # another process, or the UI restarted
    assert _try(again, "ana", PASSWORD).status_code == 429


def test_one_client_guessing_many_accounts_is_slowed_down_too(engine, data):
    client = client_for(create_app(engine), None)
    codes = [_try(client, f"someone{i}", "wrong guess here").status_code for i in range(25)]
    assert 429 in codes and _try(client, "rita", PASSWORD).status_code == 429


def test_waits_double_after_the_free_failures_and_end(session):
    keys = sign_in.throttle_keys(username="Ana", client=None)
    waits = []
    for _ in range(9):
        sign_in.note_failure(session=session, keys=keys, now=T0)
        waits.append(sign_in.seconds_to_wait(session=session, keys=keys, now=T0))
    assert waits == [0, 0, 0, 0, 0, 2, 4, 8, 16]
    assert sign_in.seconds_to_wait(session=session, keys=keys, now=T0 + timedelta(seconds=17)) == 0
    for _ in range(30):
        sign_in.note_failure(session=session, keys=keys, now=T0)
    assert sign_in.seconds_to_wait(session=session, keys=keys, now=T0) == sign_in.MAX_DELAY.total_seconds()
    sign_in.note_success(session=session, username="ana")  # any case: one account
    assert sign_in.seconds_to_wait(session=session, keys=keys, now=T0) == 0


def test_a_signed_out_cookie_is_refused_after_a_restart(engine, data):
    settings = Settings(secret_key=KEY)
    ana = client_for(create_app(engine, settings), "ana")
    cookie = ana.cookies.get("roadmap_session")
    assert ana.post("/logout", data={"csrf_token": ana.csrf}).status_code == 303
    restarted = client_for(create_app(engine, settings), None)
    restarted.cookies.set("roadmap_session", cookie)
    r = restarted.get("/")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_a_session_survives_a_restart_of_the_ui_without_a_configured_key(engine, data, tmp_path):
    """`roadmap ui` on loopback with no ROADMAP_SECRET_KEY keeps its key under ROADMAP_HOME (issue 16)."""
    settings = Settings(secret_key=None, home=tmp_path / "home")
    ana = client_for(create_app(engine, settings), "ana")
    cookie = ana.cookies.get("roadmap_session")
    assert (tmp_path / "home" / "ui-secret").is_file()
    restarted = client_for(create_app(engine, Settings(secret_key=None, home=tmp_path / "home")), None)
    restarted.cookies.set("roadmap_session", cookie)
    r = restarted.get("/review")
    assert r.status_code == 200 and "ana" in r.text  # still signed in, no new sign-in asked
    elsewhere = client_for(create_app(engine, Settings(secret_key=None, home=tmp_path / "other")), None)
    elsewhere.cookies.set("roadmap_session", cookie)  # another home, another key: the cookie means nothing
    assert elsewhere.get("/review").status_code == 303


def test_sign_ins_beyond_the_hashing_slots_wait_then_get_a_busy_page(engine, data, monkeypatch):
    client = client_for(create_app(engine), None)
    monkeypatch.setattr(users, "HASH_WAIT", 0.01)
    slots = users._slots()
    held = [slots.acquire(blocking=False) for _ in range(Settings().password_hash_slots)]
    try:
        assert all(held) and _try(client, "ana", PASSWORD).status_code == 503
    finally:
        for _ in held:
            slots.release()
    assert _try(client, "ana", PASSWORD).status_code == 303


def test_no_more_hashes_run_at_once_than_there_are_slots(session, monkeypatch):
    add_user(session=session, username="zoe", password="long enough password", role="reader")
    limit = Settings().password_hash_slots
    state = {"active": 0, "peak": 0}
    lock, go = threading.Lock(), threading.Event()

    class SlowHasher:
        def verify(self, _hash, _password):
            with lock:
                state["active"] += 1
                state["peak"] = max(state["peak"], state["active"])
            go.wait(10)
            with lock:
                state["active"] -= 1
            return False

        def check_needs_rehash(self, _hash):
            return False

    class CountedSlots:
        """The hashing slots, counting the threads that asked for one."""
        def __init__(self):
            self.semaphore, self.asked = threading.BoundedSemaphore(limit), 0

        def acquire(self, *args, **kwargs):
            with lock:
                self.asked += 1
            return self.semaphore.acquire(*args, **kwargs)

        def release(self):
            self.semaphore.release()

    slots = CountedSlots()
    monkeypatch.setattr(users, "_slots", lambda: slots)
    monkeypatch.setattr(users, "_hasher", lambda: SlowHasher())
    threads = [threading.Thread(target=users._verify, args=("h", "p")) for _ in range(limit + 4)]
    for t in threads:
        t.start()
    # every thread has asked for a slot and the first ones are hashing: the others wait (or, wrongly, hash)
    wait_until(lambda: slots.asked >= limit + 4 and state["active"] >= limit, timeout=30,
               what="every thread to ask for a slot", interval=0.01)
    assert slots.asked == limit + 4 and state["active"] == limit, (slots.asked, state)
    go.set()
    for t in threads:
        t.join(10)
    assert state["peak"] == limit


@pytest.mark.parametrize("password, why", [
    ("password", "at least 15"), ("12345678", "at least 15"), (" " * 8, "at least 15"),
    (" " * 20, "too few different"), ("passwordpassword", "easy to guess"), ("password12345678", "easy to guess"),
    ("qwertyuiopasdfghjkl", "easy to guess"), ("P@ssw0rd!P@ssw0rd!", "easy to guess"),
    ("iloveyou-iloveyou", "easy to guess"), ("dragonfootball1234", "easy to guess"),
    ("olivia.marchand", "easy to guess"), ("Olivia.Marchand2026!", "easy to guess")])
def test_weak_passwords_are_refused(session, password, why):
    with pytest.raises(UserError, match=why):
        add_user(session=session, username="olivia.marchand", password=password, role="analyst")


@pytest.mark.parametrize("password", ["correct horse battery", "maple tram ledger 42", "Kaedex gyro 37 blimp"])
def test_passphrases_are_accepted(session, password):
    assert add_user(session=session, username="olivia", password=password, role="analyst").id


def test_user_names_are_unique_whatever_their_case(session):
    add_user(session=session, username="analyst", password=PASSWORD, role="analyst")
    with pytest.raises(UserError, match="already exists"):
        add_user(session=session, username="Analyst", password=PASSWORD, role="admin")
    assert authenticate(session=session, username="ANALYST", password=PASSWORD).username == "analyst"
    session.add(User(username="ANALYST", password_hash="x", role="admin"))
    with pytest.raises(IntegrityError):  # the database refuses it too (a second process, a script)
        session.flush()


def _session_cookie(app, base_url="http://testserver") -> str:
    from fastapi.testclient import TestClient

    r = TestClient(app, base_url=base_url, follow_redirects=False).get("/login")  # starts a session (CSRF)
    return next(v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("roadmap_session="))


def test_the_session_cookie_is_secure_beyond_loopback_or_behind_https(engine, data):
    assert "secure" in _session_cookie(create_app(engine, Settings(secret_key=KEY), host="0.0.0.0")).lower()
    assert "secure" not in _session_cookie(create_app(engine)).lower()  # plain http on loopback
    assert "secure" in _session_cookie(create_app(engine), base_url="https://testserver").lower()


@pytest.mark.parametrize("key", ["aaaaaaaaaaaaaaaa", "0123456789abcdef0123456789abcdef",
                                 "changeme-changeme-changeme", "my-roadmap-secret-key"])
def test_low_entropy_secret_keys_are_refused_beyond_loopback(key):
    with pytest.raises(InsecureSecretError):
        resolve_secret_key(Settings(secret_key=key), "0.0.0.0")
    strong = secrets.token_urlsafe(32)
    assert resolve_secret_key(Settings(secret_key=strong), "0.0.0.0") == strong


def test_concurrent_guesses_cannot_outrun_the_throttle(engine, data):
    app = create_app(engine)
    clients = [client_for(app, None) for _ in range(20)]
    start, codes = threading.Barrier(len(clients)), []

    def guess(client, i):
        start.wait(10)
        codes.append(_try(client, "ana", f"wrong guess number {i}").status_code)

    threads = [threading.Thread(target=guess, args=(c, i)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    hashed = codes.count(401)  # each 401 is a password actually tried
    assert len(codes) == 20 and set(codes) <= {401, 429}
    assert hashed <= sign_in.LIMITS["user"].free + Settings().password_hash_slots, codes


def test_an_operator_can_unlock_an_account(engine, data):
    from typer.testing import CliRunner

    from cli.main import app as cli_app

    client = client_for(create_app(engine), None)
    for i in range(7):
        _try(client, "ana", f"wrong guess number {i}")
    assert _try(client, "ana", PASSWORD).status_code == 429
    assert CliRunner().invoke(cli_app, ["users", "unlock", "Ana"]).exit_code == 0
    assert _try(client, "ana", PASSWORD).status_code == 303
    assert isinstance(CliRunner().invoke(cli_app, ["users", "unlock", "nobody"]).exception, UserError)
