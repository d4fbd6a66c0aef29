"""process_documents: extract → link → store, idempotent per document revision.

Extraction is replaced by a stub that finds one gazetteer name, so these tests check the pipeline's
plumbing, not extraction quality (the link dev set measures that).
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from config.roadmap_data import load_bundle
from extractors.types import Mention as FoundMention
from pipeline.process import RoadmapNotLoaded, process_documents
from models.roadmaps import load_roadmap
from models.tables import Document, Event, Evidence, Mention
from link_fixtures import make_document, make_sources

GAZETTEER = """entities:
- {id: jp-ca-mlat, type: agreement, one_off: true, commitments: ["1.5-1"],
   names: {en: [Treaty on Mutual Legal Assistance]}}
"""
NAME = "Treaty on Mutual Legal Assistance"


def fake_extract(text, lang=None):
    if NAME not in text:
        return []
    start = text.index(NAME)
    sentence = text.split(".")[0] + "."
    return [FoundMention(type="agreement", text=NAME, start=start, end=start + len(NAME), sentence=sentence,
                         sentence_start=0, canonical_id="jp-ca-mlat", action="entered_into_force",
                         countries=("JP", "CA"), lang="en")]


@pytest.fixture
def pipeline(engine, tmp_path, monkeypatch):
    from config.settings import get_settings

    gaz = tmp_path / "entities.yaml"
    gaz.write_text(GAZETTEER, encoding="utf-8")
    monkeypatch.setenv("ROADMAP_ENTITIES_FILE", str(gaz))
    get_settings.cache_clear()
    monkeypatch.setattr("extractors.extract.extract_mentions", fake_extract)
    with Session(engine, expire_on_commit=False) as s:
        load_roadmap(session=s, bundle=load_bundle())
        src = make_sources(s)
        body = f"Japan and Canada: the {NAME} entered into force. Officials met."
        docs = [make_document(s, src["mofa_press_ja"], "https://mofa.test/m", dt.date(2026, 5, 2), body),
                make_document(s, src["gac_news_en"], "https://gac.test/m", dt.date(2026, 5, 1), body),
                make_document(s, src["gac_news_en"], "https://gac.test/other", dt.date(2026, 5, 1), "Nothing here.")]
        s.commit()
    return engine, docs


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
