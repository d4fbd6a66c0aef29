"""Writes are INSERT … ON CONFLICT: a row another run wrote first is no error, and nothing gives up silently.

A concurrent run is stood in for by a second session writing between this run's read and its write."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import Session, select

import models.documents as documents
from models import sources_repo
from models.documents import StoreConflict, store_release
from models.tables import Document, DocumentRevision, FetchRecord, Source
from sources.release import ParsedRelease

BODY = "A sample release written for Roadmap Monitor tests; not a real release. " * 4


def release(body=BODY, title="Sample readout") -> ParsedRelease:
    return ParsedRelease(canonical_url="https://www.pm.gc.ca/en/news/readouts/2026/03/06/sample", title=title,
                         published=date(2026, 3, 6), body=body, lang="en", content_type="readout")


def make_source(session) -> int:
    src = Source(name="pm_ca_en", country="CA", lang="en", kind="rss", url="https://www.pm.gc.ca/en/news.rss")
    session.add(src)
    session.commit()
    return src.id


def test_a_url_stored_by_another_run_between_read_and_insert_is_taken_as_stored(session, engine, monkeypatch):
    sid = make_source(session)
    with Session(engine) as other:
        store_release(session=other, source_id=sid, release=release())
    looks = []
    real_by_url = documents._by_url

    def first_look_misses(s, url):  # this run read before the other run's row was there
        looks.append(url)
        return None if len(looks) == 1 else real_by_url(s, url)

    monkeypatch.setattr(documents, "_by_url", first_look_misses)
    outcome = store_release(session=session, source_id=sid, release=release())
    assert outcome.status == "unchanged" and len(looks) == 2
    assert len(session.exec(select(Document)).all()) == 1


def test_a_revision_written_by_another_run_first_is_decided_again(session, engine, monkeypatch):
    sid = make_source(session)
    first = store_release(session=session, source_id=sid, release=release())
    doc = session.get(Document, first.document_id)  # this run's view: revision 1
    with Session(engine) as other:
        assert store_release(session=other, source_id=sid, release=release(body=BODY + " A second text.")).revision == 2
    monkeypatch.setattr(documents, "_by_url", lambda s, url: doc)  # still the stale revision-1 object
    outcome = store_release(session=session, source_id=sid, release=release(body=BODY + " A third text."))
    assert (outcome.status, outcome.revision) == ("revised", 3)
    revisions = session.exec(select(DocumentRevision.revision).order_by(DocumentRevision.revision)).all()
    assert revisions == [1, 2, 3]


def test_a_url_that_keeps_conflicting_raises_instead_of_giving_up_silently(session, monkeypatch):
    sid = make_source(session)
    store_release(session=session, source_id=sid, release=release())
    monkeypatch.setattr(documents, "_by_url", lambda s, url: None)  # every decision misses the stored row
    with pytest.raises(StoreConflict, match="could not store"):
        store_release(session=session, source_id=sid, release=replace(release(), body=BODY + " Changed."))


def test_a_fetch_record_written_by_another_run_is_updated_not_lost(session, engine):
    sid = make_source(session)
    url = "https://www.pm.gc.ca/en/news/a"
    with Session(engine) as other:
        sources_repo.record_fetch(session=other, url=url, source_id=sid, status_code=200, content_hash="h1")
    sources_repo.record_fetch(session=session, url=url, source_id=None, status_code=304, etag='"e"')
    rows = session.exec(select(FetchRecord).where(FetchRecord.url == url)).all()
    assert [(r.source_id, r.status_code, r.etag, r.content_hash) for r in rows] == [(sid, 304, '"e"', "h1")]


def test_a_loaded_fetch_record_is_refreshed_by_the_upsert(session):
    sid = make_source(session)
    url = "https://www.pm.gc.ca/en/news/b"
    sources_repo.record_fetch(session=session, url=url, source_id=sid, status_code=200)
    loaded = sources_repo.get_fetch_record(session=session, url=url)
    sources_repo.record_fetch(session=session, url=url, source_id=sid, status_code=500, error="unavailable",
                              commit=False)
    assert (loaded.status_code, loaded.error) == (500, "unavailable")


def test_registering_a_source_twice_from_two_sessions_ends_with_one_row(session, engine):
    with Session(engine) as other:
        sources_repo.upsert_source(session=other, name="twice", url="https://a.example.org/feed", origin="adhoc")
    row = sources_repo.upsert_source(session=session, name="twice", url="https://b.example.org/feed", origin="adhoc")
    assert row.url == "https://b.example.org/feed"
    assert [r.url for r in sources_repo.list_sources(session=session) if r.name == "twice"] == [row.url]
