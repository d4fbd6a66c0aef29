"""Two runs of the same source at the same time (two ``roadmap run`` processes, and two threads in one
process): no duplicates, no errors a user would see. CI runs this on SQLite and on PostgreSQL."""
from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlmodel import Session, select

from pipeline.ingest import ingest_source
from models.tables import Document, DocumentRevision, FetchRecord, Source, SourceRun
from samples.generate import listing_path
from tests.support.http_helpers import fast_fetcher
from tests.support.cli_runs import SOURCE, count, roadmap_run

pytestmark = pytest.mark.slow


def assert_each_release_once(engine, releases) -> None:
    with Session(engine) as s:
        urls = s.exec(select(Document.canonical_url)).all()
        records = s.exec(select(FetchRecord.url)).all()
        src = s.exec(select(Source).where(Source.name == SOURCE)).one()
        runs = s.exec(select(SourceRun)).all()
    assert sorted("/" + u.split("/", 3)[3] for u in urls) == sorted(r.path for r in releases)
    assert count(engine, DocumentRevision) == len(releases)
    assert count(engine, Document, Document.copy_of_id.is_not(None)) == 0
    assert len(records) == len(set(records))
    assert src.healthy and src.consecutive_failures == 0 and src.last_error is None
    assert len(runs) == 2 and all(r.finished_at and r.error is None and r.failed == 0 for r in runs)
    assert sum(r.new for r in runs) == len(releases)  # each release counted new by exactly one run


def test_two_roadmap_run_processes_at_once(engine, corpus):
    site, releases = corpus
    site.set_fault(listing_path(SOURCE), "slow", times=2, delay=2)  # both runs wait here, then race
    procs = [roadmap_run(engine), roadmap_run(engine)]
    outputs = [p.communicate(timeout=300)[0].decode() for p in procs]
    for p, out in zip(procs, outputs):
        assert p.returncode == 0, out[-2000:]
        assert "Traceback" not in out and "error:" not in out.lower(), out[-2000:]
    assert_each_release_once(engine, releases)


def test_two_threads_racing_on_every_release(engine, corpus):
    site, releases = corpus
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def one_run():
        fetcher, _ = fast_fetcher()
        try:
            barrier.wait(timeout=30)
            ingest_source(source_name=SOURCE, engine=engine, fetcher=fetcher, since=date(2000, 1, 1))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            fetcher.close()

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert_each_release_once(engine, releases)
