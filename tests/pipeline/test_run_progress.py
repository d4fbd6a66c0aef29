"""An ingest run reports its progress once per listed item, through the run's context."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from pipeline.ingest import IngestSummary, ingest_source
from pipeline.run_context import RunContext
from tests.support.ingest_helpers import source_site_fixtures, fetcher_for_tests

SINCE = date(2019, 1, 1)


site_root, site_source = source_site_fixtures("mofa_press_ja")


def test_progress_counts_every_listed_item_once_up_to_the_total(engine, site):
    calls: list[tuple[int, int, str]] = []
    fetcher = fetcher_for_tests()
    try:
        summary = ingest_source(source_name="mofa_press_ja", since=SINCE, engine=engine, fetcher=fetcher,
                                progress=lambda done, total, url: calls.append((done, total, url)))
    finally:
        fetcher.close()
    assert summary.error is None and summary.new >= 5
    totals = {total for _, total, _ in calls}
    assert len(totals) == 1 and [done for done, _, _ in calls] == list(range(1, totals.pop() + 1))
    urls = [url for _, _, url in calls]
    assert len(set(urls)) == len(urls) and set(summary.failures) == set()


def test_a_run_context_cannot_be_repointed_and_reports_only_when_asked():
    summary = IngestSummary(source="x")
    quiet = RunContext(cfg=None, session=None, source_id=1, fetcher=None, summary=summary)
    quiet.report(1, 2, "https://example.go.jp/a")  # no progress callback: nothing to call, no error
    with pytest.raises(dataclasses.FrozenInstanceError):
        quiet.source_id = 2
    seen = []
    loud = dataclasses.replace(quiet, progress=lambda *args: seen.append(args))
    loud.report(2, 2, "https://example.go.jp/b")
    assert seen == [(2, 2, "https://example.go.jp/b")]
