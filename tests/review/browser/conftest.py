"""Fixtures of the browser tests: chromium, the app served on a loopback port, a page.

Runs the real app with uvicorn on 127.0.0.1 (an ephemeral port). Never downloads a browser: it uses
/usr/bin/chromium; without it the tests are skipped locally and fail in CI.
"""
from __future__ import annotations

import os
import socket
import threading

import pytest
from sqlmodel import Session

from tests.support.browser import ARGS, CHROMIUM
from tests.support.review_seed import seed
from tests.support.waiting import wait_until


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing in CI: install Debian's chromium package")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium); browser tests run in CI")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def extra() -> int:
    """How many suggestions to seed beyond the usual ones (a test parametrizes it)."""
    return 0


@pytest.fixture
def app_hooks() -> dict:
    """Keyword arguments for create_app (a test module overrides it to add sources' hooks)."""
    return {}


@pytest.fixture
def server(engine, extra, app_hooks):
    """The app on an ephemeral loopback port; yields (base URL, seed)."""
    import uvicorn

    from review.app import create_app

    with Session(engine, expire_on_commit=False) as s:
        data = seed(s, extra=extra)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(engine, **app_hooks), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()

    def started() -> bool:
        assert thread.is_alive(), "the UI server's thread ended before it started"
        return server.started

    wait_until(started, timeout=15, what="the UI server to start", interval=0.02)
    yield f"http://127.0.0.1:{port}", data
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture
def page(browser):
    """A new page in a fresh context; `page.errors` collects script errors and dialogs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("dialog", lambda d: (pg.errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    context.close()
