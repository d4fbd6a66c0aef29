"""One document cannot stop processing: an over-long body is read in pieces (and only in part), a
document that fails is marked with its reason, the run goes on, and later runs retry it a bounded
number of times (issue 14)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from extractors.extract import MAX_EXTRACT_CHARS, extract_mentions, extraction_limit, pieces
from pipeline.process import MAX_ATTEMPTS, process_documents
from models.tables import Document
from tests.support.link_fixtures import make_document
from tests.support.stub_extraction import fake_extract

POISON = "[[poison]]"  # no NUL: PostgreSQL text refuses it (the fake extractor raises on this marker)


def _extract_or_fail(text, lang=None):
    if POISON in text:
        raise ValueError("the extractor could not read this text")
    return fake_extract(text, lang)


def _poison(engine) -> int:
    with Session(engine, expire_on_commit=False) as s:
        src = s.exec(select(Document.source_id)).first()
        doc_id = make_document(s, src, "https://mofa.test/poison", dt.date(2026, 5, 3), "Officials met." + POISON)
        s.commit()
    return doc_id


def test_a_failing_document_is_marked_and_the_others_are_processed(pipeline, monkeypatch):
    engine, docs = pipeline
    bad = _poison(engine)
    monkeypatch.setattr("extractors.extract.extract_mentions", _extract_or_fail)
    summary = process_documents(engine=engine)
    assert summary.documents == 3 and summary.suggestions == 2 and set(summary.failed) == {bad}
    with Session(engine) as s:
        poisoned = s.get(Document, bad)
        assert poisoned.processed_revision == 0 and poisoned.process_failures == 1
        assert "could not read this text" in poisoned.process_error
        assert all(s.get(Document, d).processed_revision == 1 for d in docs)


def test_a_failing_document_is_retried_a_bounded_number_of_times(pipeline, monkeypatch):
    engine, _docs = pipeline
    bad = _poison(engine)
    monkeypatch.setattr("extractors.extract.extract_mentions", _extract_or_fail)
    tried = [set(process_documents(engine=engine).failed) for _ in range(MAX_ATTEMPTS + 1)]
    assert tried == [{bad}] * MAX_ATTEMPTS + [set()]
    with Session(engine) as s:
        assert s.get(Document, bad).process_failures == MAX_ATTEMPTS
    monkeypatch.setattr("extractors.extract.extract_mentions", fake_extract)  # fixed: asking for it again works
    assert process_documents(engine=engine, document_ids=[bad], reprocess=True).documents == 1
    with Session(engine) as s:
        assert (s.get(Document, bad).process_failures, s.get(Document, bad).process_error) == (0, None)


def test_a_body_over_the_budget_is_processed_and_reported_as_truncated(pipeline, monkeypatch):
    engine, _docs = pipeline
    with Session(engine, expire_on_commit=False) as s:
        src = s.exec(select(Document.source_id)).first()
        long_id = make_document(s, src, "https://mofa.test/long", dt.date(2026, 5, 4), "Officials met.\n" * 80_000)
        s.commit()
    monkeypatch.setattr("extractors.extract.extract_mentions", fake_extract)
    summary = process_documents(engine=engine)
    assert summary.truncated == [long_id] and not summary.failed and summary.documents == 4


def test_a_text_over_spacys_limit_is_read_in_pieces_with_true_offsets():
    line = "Japan and Canada held the Economic Security Dialogue and the KAEDEx exercise.\n"
    text = line * (1_100_000 // len(line))
    assert len(text) > 1_000_000 and "only the first" in extraction_limit(text)
    mentions = extract_mentions(text, "en")
    assert mentions and max(m.start for m in mentions) > 200_000  # later pieces were read too
    assert max(m.end for m in mentions) <= MAX_EXTRACT_CHARS
    assert all(text[m.start:m.end] == m.text for m in mentions)
    assert all(text[m.sentence_start:].startswith(m.sentence[:20]) for m in mentions)


@pytest.mark.parametrize("text", ["a" * 250_000, ("x" * 999 + "\n") * 300, "short"])
def test_pieces_cover_the_text_within_the_size(text):
    spans = pieces(text, size=100_000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(0 < end - start <= 100_000 for start, end in spans)


def test_a_document_failing_half_way_leaves_none_of_its_rows(pipeline, monkeypatch):
    from models.tables import Mention

    engine, docs = pipeline
    import pipeline.process as process

    real = process.store_links

    def fail_for_first(*, session, document_id, **kwargs):
        if document_id == docs[0]:
            raise RuntimeError("storing the links failed")
        return real(session=session, document_id=document_id, **kwargs)

    monkeypatch.setattr(process, "store_links", fail_for_first)
    summary = process_documents(engine=engine)
    assert set(summary.failed) == {docs[0]} and summary.documents == 2
    with Session(engine) as s:
        assert s.exec(select(Mention).where(Mention.document_id == docs[0])).all() == []  # rolled back
        assert s.exec(select(Mention).where(Mention.document_id == docs[1])).all() != []
        assert s.get(Document, docs[0]).process_error == "RuntimeError: storing the links failed"


def test_the_document_page_says_why_it_was_not_processed(pipeline, monkeypatch):
    from review.app import create_app
    from tests.support.web_client import client_for
    from models.users import add_user
    from tests.support.review_seed import PASSWORD

    engine, _docs = pipeline
    bad = _poison(engine)
    monkeypatch.setattr("extractors.extract.extract_mentions", _extract_or_fail)
    process_documents(engine=engine)
    with Session(engine) as s:
        add_user(session=s, username="rita", password=PASSWORD, role="reader")
        s.commit()
    page = client_for(create_app(engine), "rita").get(f"/documents/{bad}").text
    assert "Not processed: 1 run failed on this revision" in page and "could not read this text" in page
