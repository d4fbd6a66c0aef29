"""The review queue's SQL against a plain-Python reading of its rules, on a few hundred generated suggestions
(made-up rows, not real releases): the same items, in the same order, page by page, with every filter."""
from __future__ import annotations

import datetime as dt
import random

import pytest
import sqlalchemy as sa

from config.settings import get_settings
from models import review, review_queue
from models.tables import Commitment, Document, Event, Evidence, ReviewAction, Roadmap, Source

SECTIONS = [("1.1", "1"), ("1.2", "1"), ("2.1", "2")]
SOURCES = [("gen_ja", "ja"), ("gen_en", "en"), ("gen_fr", "fr")]


def _generate(session) -> None:
    rng = random.Random(8)
    rm = Roadmap(slug="generated", title_ja="生成されたロードマップ")
    session.add(rm)
    session.flush()
    commitments = []
    for i in range(12):
        section, chapter = SECTIONS[i % 3]
        c = Commitment(roadmap_id=rm.id, cid=f"{section}-{i}", chapter=chapter, section=section, kind="bullet",
                       text_ja=f"約束 {i}", removed_in_version=2 if i == 11 else None)
        session.add(c)
        commitments.append(c)
    sources = [Source(name=name, country="JP", lang=lang, kind="rss", url=f"http://127.0.0.1:9/{name}")
               for name, lang in SOURCES]
    session.add_all(sources)
    events = [Event(key=f"gen-{i}") for i in range(40)]
    session.add_all(events)
    session.flush()
    for i in range(260):
        src = sources[i % 3]
        published = None if i % 17 == 0 else dt.date(2026, 4, 1) + dt.timedelta(days=rng.randrange(60))
        doc = Document(canonical_url=f"http://127.0.0.1:9/gen/{i}", source_id=src.id, lang=src.lang,
                       title=f"Generated sample {i}", body="Generated sample text.", content_hash=f"gen{i}",
                       published=published)
        session.add(doc)
        session.flush()
        event = rng.choice(events) if rng.random() < 0.5 else None
        for c in rng.sample(commitments[:6] if event else commitments, 2):
            statuses = ["suggested", "accepted" if c.id % 4 == 0 else "suggested", "rejected", "below_threshold"]
            status = rng.choices(statuses, [12, 1, 1, 1])[0]
            session.add(Evidence(document_id=doc.id, commitment_id=c.id, event_id=event.id if event else None,
                                 score=round(rng.uniform(0.44, 0.7), 2), status=status))  # rounding makes ties
    session.flush()
    pending = session.exec(sa.select(Evidence.id).where(Evidence.status == "suggested")).scalars().all()
    for ev_id in rng.sample(list(pending), 25):
        session.add(ReviewAction(evidence_id=ev_id, user=rng.choice(["ana", "ana", "adam"]), action="skip"))
    session.commit()
    accepted = set(session.exec(sa.select(Evidence.commitment_id).where(Evidence.status == "accepted")).scalars())
    assert 0 < len(accepted) < 6  # items of both kinds: commitments with and without accepted evidence


def _expected(session, f: review.QueueFilter, user: str | None) -> list[int]:
    """The queue as its docstring states it, computed in Python from every row."""
    threshold = get_settings().link_threshold
    rows = session.exec(sa.select(Evidence, Commitment, Document, Source)
                        .join(Commitment, Commitment.id == Evidence.commitment_id)
                        .join(Document, Document.id == Evidence.document_id)
                        .join(Source, Source.id == Document.source_id)).all()

    def passes(c, d, s) -> bool:
        return ((not f.section or f.section in (c.section, c.chapter)) and (not f.source or s.name == f.source)
                and (not f.lang or d.lang == f.lang)
                and (not f.since or (d.published is not None and d.published >= f.since))
                and (not f.until or (d.published is not None and d.published <= f.until)))

    pending = [(e, d) for e, c, d, s in rows
               if e.status == "suggested" and c.removed_in_version is None and passes(c, d, s)]
    best: dict[tuple, Evidence] = {}
    for e, _ in pending:
        if e.event_id is not None:
            key, held = (e.event_id, e.commitment_id), best.get((e.event_id, e.commitment_id))
            if held is None or (e.score, -e.id) > (held.score, -held.id):
                best[key] = e
    items = [(e, d) for e, d in pending if e.event_id is None or best[(e.event_id, e.commitment_id)] is e]
    accepted = {e.commitment_id for e, *_ in rows if e.status == "accepted"}
    skipped = set(session.exec(sa.select(ReviewAction.evidence_id)
                               .where(ReviewAction.action == "skip", ReviewAction.user == (user or ""))).scalars())
    items.sort(key=lambda ed: (ed[0].id in skipped, ed[0].commitment_id in accepted, abs(ed[0].score - threshold),
                               ed[1].published is None, -(ed[1].published or dt.date.min).toordinal(), ed[0].id))
    return [e.id for e, _ in items]


FILTERS = [review.QueueFilter(), review.QueueFilter(lang="en"), review.QueueFilter(section="1"),
           review.QueueFilter(section="1.2", source="gen_fr"),
           review.QueueFilter(since=dt.date(2026, 4, 20), until=dt.date(2026, 5, 10))]


@pytest.mark.parametrize("bands", [review_queue.BANDS, ()], ids=["bands", "full-sort"])
@pytest.mark.parametrize("f", FILTERS, ids=lambda f: repr({k: v for k, v in vars(f).items() if v}))
def test_queue_pages_and_size_match_the_rules(session, monkeypatch, f, bands):
    monkeypatch.setattr(review_queue, "BANDS", bands)
    _generate(session)
    for user in (None, "ana"):
        expected = _expected(session, f, user)
        assert len(expected) > 10
        assert review.queue_size(session=session, filters=f) == len(expected)
        for limit, offset in [(10, 0), (10, 10), (7, 30), (500, 0), (5, len(expected) - 3)]:
            got = [ev.id for ev, *_ in review.review_queue(session=session, filters=f, user=user, limit=limit,
                                                            offset=offset)]
            assert got == expected[offset:offset + limit], (user, limit, offset)


def test_the_first_page_comes_from_the_band_nearest_the_threshold(session, engine):
    _generate(session)
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        page = review.review_queue(session=session, limit=10)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert len(page) == 10
    # one sorting query for the page, limited to the first band (it held enough items)
    sorting = [s for s in statements if "ORDER BY abs(" in s]
    assert len(sorting) == 1 and "BETWEEN" in sorting[0]
