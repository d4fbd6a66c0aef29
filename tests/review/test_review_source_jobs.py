"""Adding a source from the UI does not hold the request: the site is checked, back-filled and what it
stored processed on worker threads of their own, at most a few checks at once, and the sources page
reports each step, up to the suggestions waiting in the queue (issues 14 and 16)."""
from __future__ import annotations

import re
import threading

import pytest
from sqlmodel import Session, select

from review import source_jobs
from review.app import create_app
from tests.support.review_seed import seed
from tests.support.web_client import client_for


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


class Stored:
    """What a back-fill hook returns: the documents it stored and the run's error."""

    def __init__(self, document_ids, error=None):
        self.document_ids, self.error = document_ids, error


class Processed:
    def __init__(self, suggestions, failed=None):
        self.suggestions, self.failed = suggestions, failed or {}


def _gate():
    """(event, hook wrapper): the wrapped hook runs only once the event is set."""
    gate = threading.Event()

    def wrap(result):
        def hook(*args):
            assert gate.wait(30), "the test never opened the gate"
            if isinstance(result, Exception):
                raise result
            return result
        return hook
    return gate, wrap


def _job_state(client, name: str) -> str:
    import re

    page = client.get("/sources").text
    found = re.search(rf'<li class="job-(\w+)" data-job="\d+"><strong>{name}</strong>', page)
    assert found, page
    return found.group(1)


def _wait_for_state(app, client, name: str, state: str, timeout: float = 10) -> str:
    """The job's page text once it reaches ``state``; fails after ``timeout`` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while _job_state(client, name) != state:
        assert time.monotonic() < deadline, f"{name} never reached {state}; it is {_job_state(client, name)}"
        app.state.source_jobs.wait(0.05)  # a worker finishing ends this short wait early
    return client.get("/sources").text


def test_the_page_follows_the_back_fill_and_the_processing_to_the_suggestions(engine, data):
    fetched, backfill = _gate()
    processed, process = _gate()
    asked = []
    app = create_app(engine, register_source=lambda **kw: Report(kw["name"]),
                     start_backfill=backfill(Stored([11, 12, 13])),
                     process_documents=lambda ids: (asked.append(ids), process(Processed(4))(ids))[1])
    client = client_for(app, "ana")
    _add(client, "new_feed")
    page = _wait_for_state(app, client, "new_feed", "fetching")
    assert "Added source new_feed (rss, 3 releases" in page and "fetching" in page
    assert 'data-under-way' in page and 'http-equiv="refresh"' in page  # the page follows the work
    fetched.set()
    page = _wait_for_state(app, client, "new_feed", "processing")
    assert "3 stored, processing" in page
    processed.set()
    assert app.state.source_jobs.wait(10)
    page = client.get("/sources").text
    assert "processed: 4 suggestions" in page and "From 3 documents." in page and 'href="/review">Review them' in page
    assert "data-under-way" not in page and 'http-equiv="refresh"' not in page
    assert asked == [[11, 12, 13]]  # what the back-fill stored, nothing else


def test_stored_documents_wait_for_a_busy_processor(engine, data):
    processed, process = _gate()
    app = create_app(engine, register_source=lambda **kw: Report(kw["name"]),
                     start_backfill=lambda name: Stored([1] if name == "first_feed" else [2, 3]),
                     process_documents=process(Processed(0)))
    client = client_for(app, "ana")
    _add(client, "first_feed")
    _wait_for_state(app, client, "first_feed", "processing")
    _add(client, "second_feed")
    page = _wait_for_state(app, client, "second_feed", "pending")
    assert "2 stored, processing pending" in page
    processed.set()
    assert app.state.source_jobs.wait(10)
    assert _job_state(client, "second_feed") == "processed"


def test_a_failed_processing_is_shown_and_the_documents_are_kept_for_later(engine, data):
    app = create_app(engine, register_source=lambda **kw: Report(kw["name"]),
                     start_backfill=lambda name: Stored([5, 6]),
                     process_documents=_raising(ValueError("roadmap 'jp-ca-2026' is not in the database")))
    client = client_for(app, "ana")
    _add(client, "late_feed")
    assert app.state.source_jobs.wait(10)
    page = client.get("/sources").text
    assert _job_state(client, "late_feed") == "failed"
    assert "Processing failed: roadmap &#39;jp-ca-2026&#39; is not in the database" in page
    assert "the 2 documents are kept" in page and "roadmap process" in page


def test_an_unexpected_processing_error_is_logged_not_shown(engine, data, caplog):
    app = create_app(engine, register_source=lambda **kw: Report(kw["name"]),
                     start_backfill=lambda name: Stored([5]), process_documents=_raising(KeyError("spacy")))
    client = client_for(app, "ana")
    _add(client, "buggy_feed")
    assert app.state.source_jobs.wait(10)
    page = client.get("/sources").text
    assert "Processing failed: an unexpected error (the server&#39;s log has it)" in page and "spacy" not in page
    assert "processing the back-fill of buggy_feed failed" in caplog.text


@pytest.mark.parametrize("stored, error, state, shown", [
    ([], "HTTP 503 from the site", "failed", "Back-fill stored no documents: HTTP 503 from the site"),
    ([], None, "processed", "Back-fill found no new documents."),
    ([7], "HTTP 503 from the site", "processed", "The back-fill stopped early: HTTP 503 from the site."),
])
def test_what_the_back_fill_stored_decides_what_follows(engine, data, stored, error, state, shown):
    processed = []
    app = create_app(engine, register_source=lambda **kw: Report(kw["name"]),
                     start_backfill=lambda name: Stored(stored, error),
                     process_documents=lambda ids: (processed.append(ids), Processed(1))[1])
    client = client_for(app, "ana")
    _add(client, "some_feed")
    assert app.state.source_jobs.wait(10)
    assert _job_state(client, "some_feed") == state and shown in client.get("/sources").text
    assert processed == ([stored] if stored else [])


def test_without_a_process_hook_the_documents_wait_for_roadmap_process(engine, data):
    app = create_app(engine, register_source=lambda **kw: Report(kw["name"]),
                     start_backfill=lambda name: Stored([1, 2]))
    client = client_for(app, "ana")
    _add(client, "plain_feed")
    assert app.state.source_jobs.wait(10)
    page = client.get("/sources").text
    assert _job_state(client, "plain_feed") == "stored" and "2 stored, not processed" in page
    assert "`roadmap process` puts their suggestions in the review queue" in page
    assert "data-under-way" not in page


def _raising(error: Exception):
    def hook(ids):
        raise error
    return hook


def test_the_sources_table_counts_documents_not_processed_yet(engine, data):
    """What a restart forgets (the additions) the database still tells: documents awaiting processing."""
    from models.tables import Document, Source

    with Session(engine) as s:
        for seeded in s.exec(select(Document)):  # the seed stores suggestions without processing
            seeded.processed_revision = seeded.revision
            s.add(seeded)
        s.commit()
        assert "not processed yet" not in client_for(create_app(engine), "rita").get("/sources").text
        doc = s.get(Document, data.documents["kaedex_ja"])
        name = s.get(Source, doc.source_id).name
        doc.revision += 1  # a new revision arrived since it was processed
        s.add(doc)
        s.commit()
    page = client_for(create_app(engine), "rita").get("/sources").text
    row = page[page.index(f"<strong>{name}</strong>"):]
    assert "1 not processed yet" in row[:row.index("</tr>")]


def test_a_failed_processing_can_be_started_again_from_the_page(engine, data):
    tries = []

    def process(ids):
        tries.append(ids)
        if len(tries) == 1:
            raise ValueError("the database did not answer (OperationalError)")
        return Processed(3)

    app = create_app(engine, register_source=lambda **kw: Report(kw["name"]),
                     start_backfill=lambda name: Stored([8, 9]), process_documents=process)
    client = client_for(app, "ana")
    _add(client, "retry_feed")
    assert app.state.source_jobs.wait(10) and _job_state(client, "retry_feed") == "failed"
    page = client.get("/sources").text
    [job_id] = re.findall(r'action="/sources/additions/(\d+)/process"', page)
    rita = client_for(app, "rita")  # a reader
    assert rita.post(f"/sources/additions/{job_id}/process", data={"csrf_token": rita.csrf}).status_code == 403
    r = client.post(f"/sources/additions/{job_id}/process", data={"csrf_token": client.csrf})
    assert r.status_code == 303 and app.state.source_jobs.wait(10)
    page = client.get("/sources").text
    assert "Processing the 2 documents of retry_feed again" in page and "processed: 3 suggestions" in page
    assert tries == [[8, 9], [8, 9]] and "Process again" not in page
    client.post(f"/sources/additions/{job_id}/process", data={"csrf_token": client.csrf})  # done: nothing to redo
    assert "Nothing to process again" in client.get("/sources").text and len(tries) == 2
