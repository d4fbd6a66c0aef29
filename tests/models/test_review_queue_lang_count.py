"""The queue's size with document filters (language, source, dates): items counted as the queue shows them,
and counted without looking up a document per pending suggestion (made-up rows, not real releases)."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from models import review
from models.tables import Commitment, Document, Event, Evidence, Roadmap, Source


@pytest.fixture
def rows(session) -> dict:
    """Two live commitments and a removed one; documents in three languages; an event whose copies are
    in English and French; suggestions without an event; decided rows that must not count."""
    rm = Roadmap(slug="lang-count", title_ja="生成されたロードマップ")
    session.add(rm)
    session.flush()
    c1, c2, gone = (Commitment(roadmap_id=rm.id, cid=cid, chapter="1", section="1.1", kind="bullet", text_ja=cid,
                               removed_in_version=2 if cid == "1.1-9" else None) for cid in ("1.1-1", "1.1-2", "1.1-9"))
    sources = {lang: Source(name=f"gen_{lang}", country="JP", lang=lang, kind="rss", url=f"http://127.0.0.1:9/{lang}")
               for lang in ("ja", "en", "fr")}
    session.add_all([c1, c2, gone, *sources.values()])
    session.flush()
    docs = {}
    for key, lang, day in [("en1", "en", 1), ("en2", "en", 2), ("en3", "en", 3), ("fr1", "fr", 4), ("ja1", "ja", 5)]:
        docs[key] = Document(canonical_url=f"http://127.0.0.1:9/{key}", source_id=sources[lang].id, lang=lang,
                             title=f"Generated sample {key}", body="Generated sample text.", content_hash=key,
                             published=dt.date(2026, 4, day))
    session.add_all(docs.values())
    session.flush()

    def evidence(doc, commitment, event=None, status="suggested", score=0.6) -> Evidence:
        row = Evidence(document_id=docs[doc].id, commitment_id=commitment.id, event_id=event, score=score,
                       status=status)
        session.add(row)
        session.flush()
        return row

    alone = evidence("en1", c1)  # an item of its own
    # An event whose id equals that suggestion's id, for the same commitment: still two items. (Both events'
    # ids given: PostgreSQL's sequence does not skip ids inserted by hand.)
    other = Event(id=alone.id + 1, key="gen-other")
    session.add_all([Event(id=alone.id, key="gen-same-id"), other])
    session.flush()
    evidence("en2", c1, alone.id)
    evidence("en3", c1, alone.id, score=0.7)  # a copy: the event and commitment count once
    evidence("fr1", c1, alone.id)  # the French copy: counts for French, not again for English
    evidence("en2", c2, other.id)
    evidence("en3", c2)
    evidence("en1", c2, status="accepted")
    evidence("en2", gone)  # removed commitment
    evidence("ja1", c2, other.id, status="rejected")
    evidence("ja1", c1, status="below_threshold")
    session.commit()
    return {"sources": sources}


@pytest.mark.parametrize("f, expected", [
    (review.QueueFilter(lang="en"), 4),
    (review.QueueFilter(lang="fr"), 1),
    (review.QueueFilter(lang="ja"), 0),
    (review.QueueFilter(source="gen_en", since=dt.date(2026, 4, 2)), 3),
    (review.QueueFilter(lang="en", until=dt.date(2026, 4, 1)), 1),
    (review.QueueFilter(), 4),  # en1 alone, the event on 1.1-1, the other event on 1.1-2, en3 on 1.1-2
], ids=lambda v: repr(v) if isinstance(v, int) else repr({k: x for k, x in vars(v).items() if x}))
def test_size_counts_items_as_the_queue_shows_them(session, rows, f, expected):
    shown = review.review_queue(session=session, filters=f, limit=100)
    assert len(shown) == expected
    assert review.queue_size(session=session, filters=f) == expected


def test_the_language_count_looks_up_no_document_per_suggestion(session, rows, engine):
    if engine.dialect.name != "sqlite":
        pytest.skip("reads SQLite's query plan")
    statements = []

    def record(conn, cursor, statement, parameters, *args):
        statements.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        review.queue_size(session=session, filters=review.QueueFilter(lang="en"))
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    plans = [" | ".join(row[-1] for row in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params))
             for sql, params in statements]
    assert plans and not any("SEARCH document" in p and "PRIMARY KEY" in p for p in plans), plans
    # The unique (document, commitment) index, sought once per document and live commitment, is not used.
    assert not any("sqlite_autoindex_evidence" in p for p in plans), plans
