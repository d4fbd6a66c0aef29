"""A source that asked us to wait is left alone until then; a person's back-fill may override it; and a bug
of ours ends a run as an error of ours, not as a sick site.

Runs on SQLite and on PostgreSQL (ROADMAP_TEST_DATABASE_URL) through the shared ``engine`` fixture.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlmodel import Session, select

from pipeline.ingest import ingest_source
from models import sources_repo
from models.tables import SourceRun
from tests.support.ingest_helpers import source_site_fixtures, source_row, strict_fetcher

NAME = "mofa_press_ja"
LISTING = "/mofaj/press/release/index.html"


site_root, site_source = source_site_fixtures(NAME)


fetcher = pytest.fixture(strict_fetcher, name="fetcher")


def tick(engine, site, fetcher, **kwargs):
    """One scheduled run of the source (what each `monitor` tick does for it)."""
    return ingest_source(source_name=NAME, engine=engine, fetcher=fetcher, **kwargs)


def runs(engine) -> int:
    with Session(engine) as s:
        return len(s.exec(select(SourceRun)).all())


def test_retry_after_3600_means_no_request_on_the_next_tick(engine, site, fetcher, caplog):
    site.set_fault(LISTING, "429", retry_after=3600)
    first = tick(engine, site, fetcher)
    assert first.error and first.error.startswith("unavailable") and first.backing_off_until is None
    row = source_row(engine, NAME)
    assert row.next_attempt_at - datetime.now(timezone.utc) > timedelta(minutes=59)
    asked, runs_before = len(site.requests), runs(engine)

    site.clear_faults()  # the site would answer now, but it asked us to wait an hour
    with caplog.at_level("INFO", logger="roadmap.ingest"):
        second = tick(engine, site, fetcher)
    assert len(site.requests) == asked  # not one request: not the listing, not robots.txt
    assert second.backing_off_until and second.fetched == 0 and second.error is None
    assert datetime.fromisoformat(second.backing_off_until) == row.next_attempt_at.replace(microsecond=0)
    assert "backing off until" in caplog.text and NAME in caplog.text
    assert runs(engine) == runs_before and source_row(engine, NAME).consecutive_failures == 1  # health untouched


def test_a_persons_backfill_overrides_the_backoff(engine, site, fetcher):
    site.set_fault(LISTING, "429", retry_after=3600)
    tick(engine, site, fetcher)
    site.clear_faults()
    asked = len(site.requests)
    backfill = tick(engine, site, fetcher, since=date(2019, 1, 1), ignore_backoff=True)
    assert site.requests_for(LISTING)[-1:] and len(site.requests) > asked
    assert backfill.error is None and backfill.new > 0 and backfill.backing_off_until is None
    row = source_row(engine, NAME)
    assert row.healthy and row.next_attempt_at is None


def test_once_the_backoff_has_passed_the_tick_asks_again(engine, site, fetcher):
    site.set_fault(LISTING, "500")
    tick(engine, site, fetcher)
    with Session(engine) as s:  # the backoff's time has come
        row = sources_repo.get_source(session=s, name=NAME)
        row.next_attempt_at = datetime.now(timezone.utc) - timedelta(seconds=1)
        s.add(row)
        s.commit()
    site.clear_faults()
    asked = len(site.requests)
    again = tick(engine, site, fetcher)
    assert len(site.requests) > asked and again.backing_off_until is None and again.error is None


def test_a_bug_of_ours_ends_the_run_as_an_error_not_as_a_sick_site(engine, site, fetcher, monkeypatch):
    import pipeline.article_fetch as article_fetch
    import sources.parse as parse

    def broken(*args, **kwargs):
        raise KeyError("a bug in our article parser")

    monkeypatch.setattr(article_fetch, "PROCESS_MIN_PAGES", 10**9)  # parse here, where the patch applies
    monkeypatch.setattr(parse, "parse_html_article", broken)
    with pytest.raises(KeyError):
        tick(engine, site, fetcher, since=date(2019, 1, 1))
    with Session(engine) as s:
        [run] = s.exec(select(SourceRun)).all()
    assert run.finished_at and run.error.startswith("internal error — KeyError")
    row = source_row(engine, NAME)
    assert row.healthy and row.consecutive_failures == 0 and row.next_attempt_at is None  # the site did nothing
