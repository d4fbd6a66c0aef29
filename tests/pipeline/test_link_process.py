"""process_documents: extract → link → store, idempotent per document revision.

Extraction is replaced by a stub that finds one gazetteer name, so these tests check the pipeline's
plumbing, not extraction quality (the link dev set measures that).
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from pipeline.process import RoadmapNotLoaded, process_documents
from models.tables import Document, Event, Evidence, Mention
from tests.support.stub_extraction import NAME, fake_extract

def test_process_stores_mentions_suggestions_and_one_event(pipeline):
    engine, docs = pipeline
    summary = process_documents(engine=engine)
    assert (summary.documents, summary.mentions, summary.suggestions) == (3, 2, 2)
    with Session(engine) as s:
        assert len(s.exec(select(Mention)).all()) == 2
        evidence = s.exec(select(Evidence)).all()
        assert sorted(e.id for e in evidence) == sorted(summary.evidence_ids)
        assert {e.status for e in evidence} == {"suggested"}
        [event] = s.exec(select(Event)).all()
        assert event.confirmed_by_both and {e.event_id for e in evidence} == {event.id}
        assert all(d.processed_revision == d.revision for d in s.exec(select(Document)))


def test_processed_documents_are_skipped_unless_reprocessed(pipeline):
    engine, docs = pipeline
    process_documents(engine=engine)
    assert process_documents(engine=engine).documents == 0
    again = process_documents(engine=engine, since=dt.date(2026, 1, 1))
    assert again.documents == 3 and again.mentions == 2
    with Session(engine) as s:
        assert len(s.exec(select(Mention)).all()) == 2  # replaced, not duplicated
        assert len(s.exec(select(Evidence)).all()) == 2


def test_a_new_revision_is_processed_again(pipeline):
    engine, docs = pipeline
    process_documents(engine=engine)
    with Session(engine) as s:
        d = s.get(Document, docs[2])
        d.revision, d.body = 2, f"Update: the {NAME} entered into force."
        s.add(d)
        s.commit()
    summary = process_documents(engine=engine)
    assert summary.documents == 1 and summary.suggestions == 1


def test_roadmap_must_be_loaded(engine, monkeypatch):
    monkeypatch.setattr("extractors.extract.extract_mentions", fake_extract)
    with pytest.raises(RoadmapNotLoaded):
        process_documents(engine=engine)
