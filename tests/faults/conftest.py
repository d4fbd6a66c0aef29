"""Fixtures of the fault tests: a generated corpus served locally and registered as an ad hoc source."""
from __future__ import annotations

import pytest
from sqlmodel import Session

from models import sources_repo
from samples.generate import source_entries, write_corpus
from samples.server import SampleSite
from tests.support.cli_runs import SOURCE


@pytest.fixture
def corpus(tmp_path, engine):
    corpus = write_corpus(tmp_path / "site", 90)
    site = SampleSite(tmp_path / "site").start()
    entry = source_entries(site.url)[SOURCE]
    with Session(engine) as s:
        sources_repo.upsert_source(session=s, name=SOURCE, ministry=entry["ministry"], country="JP", lang="ja",
                                   kind=entry["kind"], url=entry["url"], origin="adhoc", settings={"config": entry})
    yield site, [r for r in corpus if r.site == SOURCE]
    site.stop()
