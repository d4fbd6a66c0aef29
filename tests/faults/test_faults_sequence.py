"""One source, many runs, a different fault each run (on its listing or feed, or on its release pages):
no run raises, after every run the source's health says what happened, nothing is ever stored twice,
and once the site behaves again every release is stored exactly once, with the text a clean run stores.

tests/faults/test_ingest_faults.py (the fetching helper's) checks each fault alone on a fresh database; this
file checks them one after another on the same database, for an HTML listing and for an RSS feed.
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, func, select

from pipeline.ingest import ingest_source
from models.tables import Document, DocumentRevision, SourceRun
from tests.support.ingest_helpers import documents, sample_copy, source_row, strict_fetcher

SITES = {  # name: (listing or feed path, release pages pattern)
    "mofa_press_ja": ("/mofaj/press/release/index.html", "/mofaj/press/release/press*"),
    "pmo_news_en": ("/en/news.rss", "/en/news/*"),
}
BROKEN_XML = b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>cut <link>/x</lin'
# (mode, params, words one of which the recorded error must contain; None: the run must succeed)
FAULTS = [
    ("slow", {"delay": 1.5}, ("timed out",)),
    ("reset", {}, ("connection",)),
    ("429", {"retry_after": 3600}, ("429",)),
    ("500", {}, ("500",)),
    ("503", {}, ("503",)),
    ("403", {}, ("403",)),
    ("cutoff", {}, ("connection", "incomplete", "closed", "parsed")),
    ("malformed", {"body": BROKEN_XML}, ("parsed", "feed", "listing", "release", "layout", "no ")),
    ("malformed", {"body": b"\x00\xff\xfe<html><body><p>nothing here</p>"}, ("parsed", "feed", "listing", "no ")),
    ("wrong-charset", {}, None),
    ("no-charset", {}, None),
    ("huge", {}, ("cap",)),
    ("redirect-loop", {}, ("redirect",)),
    ("redirect-private", {"target": "http://169.254.169.254/latest/meta-data/"}, ("redirect", "metadata")),
    ("redirect-private", {"target": "http://[::ffff:10.0.0.1]/"}, ("redirect", "private")),
    ("404", {}, ("404",)),
]


@pytest.fixture(params=sorted(SITES))
def name(request):
    return request.param


@pytest.fixture
def site_root(name, tmp_path):
    return sample_copy(name, tmp_path)


@pytest.fixture
def site_source(name):
    return name  # the site answers this source's real URLs


fetcher = pytest.fixture(strict_fetcher, name="fetcher")


def run(engine, name, site, fetcher, since=date(2019, 1, 1)):
    # Each run stands for a later one, after the source's backoff (test_backoff_kept tests the backoff).
    return ingest_source(source_name=name, engine=engine, fetcher=fetcher, since=since,
                         ignore_backoff=True)


def stored(engine) -> dict[str, tuple[str, str]]:
    return {d.canonical_url: (d.title, d.content_hash) for d in documents(engine)}


def assert_nothing_twice(engine) -> None:
    with Session(engine) as s:
        docs = s.exec(select(func.count()).select_from(Document)).one()
        urls = s.exec(select(func.count(func.distinct(Document.canonical_url)))).one()
        revisions = s.exec(select(func.count()).select_from(DocumentRevision)).one()
        copies = s.exec(select(func.count()).select_from(Document).where(Document.copy_of_id.is_not(None))).one()
    assert docs == urls == revisions and copies == 0, (docs, urls, revisions, copies)


def test_a_fault_per_run_then_recovery_stores_each_release_once(engine, name, site, fetcher):
    from tests.support.database import wipe

    run(engine, name, site, fetcher)
    reference = stored(engine)
    assert reference
    wipe(engine)
    listing, pages = SITES[name]
    failures_in_a_row = 0
    for i, (mode, params, words) in enumerate(FAULTS * 2):
        on_listing = i % 2 == 0
        site.clear_faults()
        site.set_fault(listing if on_listing else pages, mode, **params)
        scheduled = on_listing and i % 4 == 0  # a scheduled run (conditional listing) now and then; else a back-fill
        summary = run(engine, name, site, fetcher, since=None if scheduled else date(2019, 1, 1))
        row = source_row(engine, name)
        what = (i, mode, "listing" if on_listing else "pages", summary.error, summary.failures[:1])
        if summary.listing_not_modified:  # the server's body faults answer 304 to matching validators
            assert scheduled and summary.error is None and summary.fetched == 0, what
        elif words is None:  # charset faults: the text still comes out right
            assert summary.error is None and summary.failed == 0, what
        elif on_listing:
            assert summary.error and any(w in summary.error.lower() for w in words), what
            assert summary.new == 0 and summary.fetched == 0, what
        else:
            failures = " ".join(summary.failures).lower() + " " + (summary.error or "").lower()
            assert summary.failed >= 1 and any(w in failures for w in words), what
        # Broken: the run failed, or nothing it tried was stored or settled (every page failed to parse).
        broken = bool(summary.error) or (summary.failed > 0 and summary.new + summary.revised + summary.unchanged == 0)
        failures_in_a_row = failures_in_a_row + 1 if broken else 0
        assert row.healthy is not broken, what
        assert row.consecutive_failures == failures_in_a_row, what
        if broken:
            assert row.last_error and row.next_attempt_at, what
        assert_nothing_twice(engine)
    with Session(engine) as s:
        runs = s.exec(select(SourceRun)).all()
    assert len(runs) == 2 * len(FAULTS) and all(r.finished_at for r in runs)

    site.clear_faults()
    recovered = run(engine, name, site, fetcher)
    assert recovered.error is None and recovered.failed == 0
    assert source_row(engine, name).healthy and source_row(engine, name).consecutive_failures == 0
    assert stored(engine) == reference
    assert_nothing_twice(engine)
    again = run(engine, name, site, fetcher)
    assert (again.new, again.revised, again.failed) == (0, 0, 0)
    assert stored(engine) == reference
