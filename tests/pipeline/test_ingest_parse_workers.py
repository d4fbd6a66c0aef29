"""A large back-fill parses its pages in worker processes: same documents as parsing in-process,
and a killed worker pool falls back to parsing in-process instead of losing pages."""
from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool
from datetime import date

import pytest

import pipeline.article_fetch as article_fetch
from pipeline.ingest import ingest_source
from tests.support.database import wipe
from tests.support.ingest_helpers import source_site_fixtures, documents, fetcher_for_tests

SINCE = date(2019, 1, 1)


site_root, site_source = source_site_fixtures("mofa_press_ja")


def _backfill(engine, site):
    fetcher = fetcher_for_tests()
    try:
        return ingest_source(source_name="mofa_press_ja", since=SINCE, engine=engine, fetcher=fetcher)
    finally:
        fetcher.close()


def _stored(engine):
    return [(d.canonical_url, d.title, d.published, d.lang, d.content_hash) for d in documents(engine)]


@pytest.fixture
def workers():
    yield
    article_fetch.shutdown_parse_workers()


def test_worker_processes_parse_what_the_run_would_parse_itself(engine, site, monkeypatch, workers):
    monkeypatch.setattr(article_fetch, "PROCESS_MIN_PAGES", 10**9)
    inline = _backfill(engine, site)
    inline_docs = _stored(engine)
    assert article_fetch.parse_worker_peak_rss_mb() == []  # a small run starts no worker
    wipe(engine)

    monkeypatch.setattr(article_fetch, "PROCESS_MIN_PAGES", 1)
    in_workers = _backfill(engine, site)
    assert article_fetch.parse_worker_peak_rss_mb()  # the pages went through worker processes
    assert (in_workers.new, in_workers.failed, in_workers.error) == (inline.new, 0, None)
    assert _stored(engine) == inline_docs and len(inline_docs) >= 5


def test_a_broken_worker_pool_falls_back_to_parsing_in_process(engine, site, monkeypatch, workers):
    class Broken:
        def submit(self, *args, **kwargs):
            raise BrokenProcessPool("a worker was killed")

        def shutdown(self, **kwargs):
            pass

    monkeypatch.setattr(article_fetch, "PROCESS_MIN_PAGES", 1)
    monkeypatch.setattr(article_fetch, "_pool", Broken())
    summary = _backfill(engine, site)
    assert summary.failed == 0 and summary.error is None and summary.new == len(documents(engine)) >= 5
    assert not isinstance(article_fetch._pool, Broken)  # dropped; the next page starts a fresh pool
