"""A run SIGKILLed in the middle of ingesting (``roadmap run``) or processing, then run again: the
database is consistent, nothing is lost and nothing is stored twice.

The runs are real subprocesses on the test database, reading generated releases from the local
sample server; the kill comes when the run is provably in the middle (a release page it asked for
is being held back by the server, or some documents are processed and others not).
"""
from __future__ import annotations

import signal
import subprocess
import sys

import pytest
from sqlmodel import Session, select

from models.tables import Document, DocumentRevision, Evidence, FetchRecord, Mention, SourceRun
from tests.support.cli_runs import ROOT, child_env, count, roadmap_run
from tests.support.waiting import wait_until

PROCESS = ("import sys; from pipeline.process import process_documents; "
           "print(process_documents(), flush=True)")
# The same, but stuck for good inside its 9th document (an uncommitted batch: documents 8 to 15), so the
# kill surely comes part-way however fast processing is.
PROCESS_HELD = ("import threading, pipeline.process as p; real = p.store_mentions; seen = []\n"
                "def held(**kw):\n"
                "    seen.append(1)\n"
                "    if len(seen) == 9: threading.Event().wait()\n"
                "    return real(**kw)\n"
                "p.store_mentions = held\n" + PROCESS)
pytestmark = pytest.mark.slow


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def assert_consistent(engine, expected_paths: set[str]) -> None:
    with Session(engine) as s:
        docs = s.exec(select(Document)).all()
        paths = sorted("/" + d.canonical_url.split("/", 3)[3] for d in docs)
        assert paths == sorted(expected_paths)  # nothing lost, nothing twice
        for d in docs:
            revs = s.exec(select(DocumentRevision).where(DocumentRevision.document_id == d.id)).all()
            assert [r.revision for r in revs] == [1] and d.revision == 1 and d.copy_of_id is None
            rec = s.exec(select(FetchRecord).where(FetchRecord.url == d.canonical_url)).first()
            assert rec is not None and rec.content_hash and rec.error is None, d.canonical_url


def test_ingest_killed_mid_run_then_run_again(engine, corpus):
    site, releases = corpus
    held = releases[len(releases) // 2].path
    site.set_fault(held, "slow", delay=60)  # the run stalls here, half-way
    proc = roadmap_run(engine)
    try:
        wait_until(lambda: site.requests_for(held), timeout=120, what="the held page to be asked for", proc=proc,
                   interval=0.05)
        kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    stored_before = count(engine, Document)
    assert 0 < stored_before < len(releases)
    with Session(engine) as s:
        killed = s.exec(select(SourceRun)).one()
    assert killed.finished_at is None  # the killed run shows it started and never finished

    site.clear_faults()
    again = roadmap_run(engine)
    out, _ = again.communicate(timeout=300)
    assert again.returncode == 0, out.decode()[-2000:]
    assert_consistent(engine, {r.path for r in releases})
    assert count(engine, SourceRun, SourceRun.finished_at.is_not(None)) == 1
    third = roadmap_run(engine)  # and a further run adds nothing
    out, _ = third.communicate(timeout=300)
    assert third.returncode == 0 and count(engine, Document) == len(releases) == count(engine, DocumentRevision)


@pytest.fixture
def ingested(engine, corpus):
    from config.roadmap_data import load_bundle
    from models.roadmaps import load_roadmap

    site, releases = corpus
    proc = roadmap_run(engine)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out.decode()[-2000:]
    with Session(engine) as s:
        load_roadmap(session=s, bundle=load_bundle())
        s.commit()
    return releases


def snapshot(engine) -> tuple:
    with Session(engine) as s:
        mentions = s.exec(select(Mention.document_id, Mention.revision, Mention.start, Mention.end, Mention.type,
                                 Mention.canonical_id)).all()
        evidence = s.exec(select(Evidence.document_id, Evidence.commitment_id, Evidence.status,
                                 Evidence.score)).all()
    return sorted(mentions), sorted(evidence)


def test_processing_killed_mid_run_then_run_again(engine, ingested):
    total = count(engine, Document)
    proc = subprocess.Popen([sys.executable, "-c", PROCESS_HELD], cwd=ROOT, env=child_env(engine),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: count(engine, Document, Document.processed_revision == Document.revision) >= 3,
                   timeout=240, what="some documents to be processed", proc=proc, interval=0.05)
        kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    done = count(engine, Document, Document.processed_revision == Document.revision)
    assert 3 <= done < total, "the kill should come part-way"

    again = subprocess.run([sys.executable, "-c", PROCESS], cwd=ROOT, env=child_env(engine),
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]
    assert f"documents={total - done}" in again.stdout  # only what the killed run had not finished
    assert count(engine, Document, Document.processed_revision != Document.revision) == 0
    resumed = snapshot(engine)

    from pipeline.process import process_documents  # the same documents processed from scratch, in one go

    with Session(engine) as s:
        s.exec(Mention.__table__.delete())
        s.exec(Evidence.__table__.delete())
        for d in s.exec(select(Document)).all():
            d.processed_revision = 0
            s.add(d)
        s.commit()
    process_documents(engine=engine)
    assert snapshot(engine) == resumed
