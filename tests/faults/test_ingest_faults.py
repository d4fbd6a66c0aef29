"""Each fault mode leaves the run finished, the health truthful, and after recovery every release
stored exactly once."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from pipeline.ingest import ingest_source
from models.tables import Document, SourceRun
from tests.support.ingest_helpers import source_site_fixtures, documents, source_row, strict_fetcher

NAME = "mofa_press_ja"
LISTING = "/mofaj/press/release/index.html"
ARTICLE = "/mofaj/press/release/pressit_000001_02511.html"
LISTING_FAULTS = [("403", {}), ("404", {}), ("500", {}), ("429", {"retry_after": 3600}), ("reset", {}),
                  ("cutoff", {}), ("huge", {}), ("redirect-loop", {}), ("malformed", {"body": "<html><p>oops"}),
                  ("redirect-private", {"target": "http://169.254.169.254/latest/meta-data/"}),
                  ("slow", {"delay": 3})]
ARTICLE_FAULTS = LISTING_FAULTS[:-1] + [("malformed", {"body": b"\x00\xff<html><body></body></html>"})]


site_root, site_source = source_site_fixtures(NAME)


fetcher = pytest.fixture(strict_fetcher, name="fetcher")


def run(engine, site, fetcher):
    # Each run stands for a later one, after the source's backoff (test_backoff_kept tests the backoff).
    return ingest_source(source_name=NAME, engine=engine, fetcher=fetcher, since=date(2019, 1, 1),
                         ignore_backoff=True)


@pytest.fixture
def reference(engine, site, fetcher):
    """The canonical URLs a clean run stores (then the database is emptied again)."""
    clean = run(engine, site, fetcher)
    assert (clean.error, clean.failed, clean.failures) == (None, 0, [])  # else every comparison below is off
    urls = sorted(d.canonical_url for d in documents(engine))
    from tests.support.database import wipe

    wipe(engine)
    site.requests.clear()
    return urls


def assert_stored_exactly_once(engine, reference):
    urls = [d.canonical_url for d in documents(engine)]
    assert sorted(urls) == reference
    with Session(engine) as s:
        assert all(d.copy_of_id is None for d in s.exec(select(Document)))


@pytest.mark.parametrize("mode,params", LISTING_FAULTS, ids=[m for m, _ in LISTING_FAULTS])
def test_listing_fault_fails_the_run_truthfully_then_recovers(engine, site, fetcher, reference, mode, params):
    site.set_fault(LISTING, mode, **params)
    summary = run(engine, site, fetcher)
    assert summary.error and summary.new == 0
    row = source_row(engine, NAME)
    assert not row.healthy and row.consecutive_failures == 1 and row.last_error and row.next_attempt_at
    if mode == "429":
        assert (row.next_attempt_at - row.last_error_at).total_seconds() >= 3600
    with Session(engine) as s:
        assert s.exec(select(SourceRun)).one().error == summary.error
    site.clear_faults()
    recovered = run(engine, site, fetcher)
    assert recovered.error is None and recovered.new == len(reference)
    assert source_row(engine, NAME).healthy and source_row(engine, NAME).consecutive_failures == 0
    assert_stored_exactly_once(engine, reference)


@pytest.mark.parametrize("mode,params", ARTICLE_FAULTS, ids=[m for m, _ in ARTICLE_FAULTS])
def test_article_fault_costs_that_article_only_and_it_comes_later(engine, site, fetcher, reference, mode, params):
    site.set_fault(ARTICLE, mode, **params)
    summary = run(engine, site, fetcher)
    assert summary.error is None and summary.failed == 1 and summary.new == len(reference) - 1
    assert ARTICLE in summary.failures[0]
    assert source_row(engine, NAME).healthy  # the source answered; one page did not
    site.clear_faults()
    again = run(engine, site, fetcher)
    assert (again.new, again.failed, again.error) == (1, 0, None)
    assert_stored_exactly_once(engine, reference)
    third = run(engine, site, fetcher)
    assert (third.new, third.revised) == (0, 0)


@pytest.mark.parametrize("mode", ["500", "reset", "cutoff", "429"])
def test_transient_faults_are_absorbed_by_retries(engine, site, fetcher, reference, mode):
    site.set_fault("/mofaj/press/release/*", mode, times=2)
    summary = run(engine, site, fetcher)
    assert (summary.error, summary.failed, summary.new) == (None, 0, len(reference))
    assert_stored_exactly_once(engine, reference)


@pytest.mark.parametrize("mode", ["wrong-charset", "no-charset"])
def test_charset_faults_still_give_correct_text(engine, site, fetcher, reference, mode):
    site.set_fault("/mofaj/press/release/*", mode)
    summary = run(engine, site, fetcher)
    assert summary.failed == 0 and summary.new == len(reference)
    assert all("カナダ" in d.title or "・" in d.title or d.title for d in documents(engine))
    assert any("カナダ" in d.title for d in documents(engine))


def test_site_down_mid_run_stops_asking_and_says_so(engine, site, fetcher, reference):
    site.set_fault("/mofaj/press/release/press*", "503")
    summary = run(engine, site, fetcher)
    assert summary.error and "unavailable" in summary.error
    assert summary.failed == 3  # then it stopped asking
    assert not source_row(engine, NAME).healthy
    site.clear_faults()
    run(engine, site, fetcher)
    assert_stored_exactly_once(engine, reference)


def test_failures_in_a_row_back_off_further(engine, site, fetcher, reference):
    site.set_fault(LISTING, "500")
    gaps = []
    for _ in range(3):
        run(engine, site, fetcher)
        row = source_row(engine, NAME)
        gaps.append((row.next_attempt_at - row.last_error_at).total_seconds())
    assert source_row(engine, NAME).consecutive_failures == 3 and gaps[0] < gaps[1] < gaps[2]


def test_every_article_with_a_changed_layout_marks_the_source_unhealthy(engine, site, fetcher, reference):
    # The listing stays as it was; every release page now has a layout the parser does not know.
    site.set_fault("/mofaj/press/release/press*", "malformed",
                   body=b"<html><body><p>a page of another layout</p></body></html>")
    summary = run(engine, site, fetcher)
    assert summary.new == 0 and summary.failed == len(reference)
    row = source_row(engine, NAME)
    assert not row.healthy and "every release failed" in (row.last_error or "")
