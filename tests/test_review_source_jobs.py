"""Adding a source from the UI does not hold the request: the site is checked and back-filled on
worker threads of their own, at most a few at once, and the sources page reports back (issue 14)."""
from __future__ import annotations

import threading

import pytest
from sqlmodel import Session

from review import source_jobs
from review.app import create_app
from review_seed import seed
from test_review_routes import client_for


class Report:
    kind, item_count = "rss", 3

    def __init__(self, name):
        self.name = name


@pytest.fixture
def data(engine):
    with Session(engine, expire_on_commit=False) as s:
        return seed(s)


@pytest.fixture
def slow_site():
    """A register hook whose site answers only when ``answer`` is set; records finished checks."""
    answer, finished, backfilled = threading.Event(), [], []

    def register(*, name, url, kind, lang, country):
        answer.wait(30)
        finished.append(name)
        return Report(name)

    yield register, answer, finished, backfilled
    answer.set()


def _add(client, name):
    return client.post("/sources", data={"csrf_token": client.csrf, "name": name, "url": f"https://{name}.example.org/rss"})


def test_the_check_runs_after_the_answer_and_the_page_reports_back(engine, data, slow_site):
    register, answer, finished, backfilled = slow_site
    app = create_app(engine, register_source=register, start_backfill=backfilled.append)
    client = client_for(app, "ana")
    r = _add(client, "slow_feed")
    assert r.status_code == 303 and finished == []  # answered while the site has not
    page = client.get("/sources").text
    assert "checking the site" in page and 'http-equiv="refresh"' in page
    assert client_for(app, "rita").get("/login").status_code == 200  # others are served meanwhile
    answer.set()
    assert app.state.source_jobs.wait(10)
    page = client.get("/sources").text
    assert "Added source slow_feed (rss, 3 releases" in page and "checking the site" not in page
    assert finished == ["slow_feed"] and backfilled == ["slow_feed"]


def test_only_a_few_checks_run_or_wait_at_once(engine, data, slow_site):
    register, answer, _finished, _backfilled = slow_site
    app = create_app(engine, register_source=register, start_backfill=lambda name: None)
    client = client_for(app, "ana")
    for i in range(source_jobs.MAX_PENDING):
        _add(client, f"feed{i}")
    refused = _add(client, "one_more")
    assert refused.status_code == 503 and "are being checked already" in refused.text
    assert 'value="one_more"' in refused.text  # the form keeps what was typed
    answer.set()
    assert app.state.source_jobs.wait(10)
    assert _add(client, "one_more").status_code == 303 and app.state.source_jobs.wait(10)
    assert "Added source one_more" in client.get("/sources").text


def test_readers_do_not_see_the_additions(engine, data):
    app = create_app(engine, register_source=lambda **kw: Report(kw["name"]), start_backfill=lambda name: None)
    ana = client_for(app, "ana")
    _add(ana, "visible_feed")
    assert app.state.source_jobs.wait(10)
    assert "visible_feed" in ana.get("/sources").text
    assert "visible_feed" not in client_for(app, "rita").get("/sources").text
