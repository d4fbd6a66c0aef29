"""A run has a deadline: a site that drips its pages cannot hold a run for minutes per URL."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from pipeline.ingest import ingest_source
from models.tables import SourceRun
from tests.support.ingest_helpers import source_site_fixtures, source_row, strict_fetcher

NAME = "mofa_press_ja"
PAGES = "/mofaj/press/release/press*"


site_root, site_source = source_site_fixtures(NAME)


fetcher = pytest.fixture(strict_fetcher, name="fetcher")


def test_a_dripping_site_ends_the_run_at_its_deadline_and_the_rest_is_not_asked(engine, site, fetcher):
    site.set_fault(PAGES, "drip", interval=0.2, size=16)  # every release page would take a minute or more
    summary = ingest_source(source_name=NAME, engine=engine, fetcher=fetcher,
                            since=date(2019, 1, 1), deadline_seconds=1.5)
    asked = [r.path for r in site.requests if r.path.startswith("/mofaj/press/release/press")]
    assert summary.error and "deadline" in summary.error and summary.new == 0
    assert len(asked) == len(set(asked))  # each page asked at most once: a timeout is not retried
    with Session(engine) as s:
        assert s.exec(select(SourceRun)).one().finished_at  # the run finished and says why
    assert not source_row(engine, NAME).healthy

    site.clear_faults()  # the next run, with time to spare, reads everything
    again = ingest_source(source_name=NAME, engine=engine, fetcher=fetcher,
                          since=date(2019, 1, 1), ignore_backoff=True)
    assert again.error is None and again.new > len(asked)  # some pages were never asked in the first run
