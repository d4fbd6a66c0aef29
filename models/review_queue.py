"""The review queue: pending suggestions, one item per event, the decisions that matter most first."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from config.settings import get_settings
from models.tables import Commitment, Document, Event, Evidence, ReviewAction, Roadmap, Source

# The orders an analyst can choose, key -> what the page says about it.
ORDERS = {
    "threshold": "commitments without accepted evidence first, then scores nearest the link threshold "
                 "(where the linker is least sure), then the newest documents; items you skipped last",
    "newest": "newest documents first; items you skipped last",
    "commitment": "by commitment, in the roadmap's order; within one, scores nearest the link threshold first",
}

# How far from the link threshold the first pages are looked for before sorting the whole queue.
BANDS = (0.02, 0.08, 0.32)


@dataclass(frozen=True)
class QueueFilter:
    """Narrows the review queue; empty fields do not filter."""
    section: str | None = None  # a section ("1.1") or a chapter ("1")
    source: str | None = None   # a source's name
    lang: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    history: bool | None = None        # True: only history (happened on or before the roadmap); False: none
    min_score: float | None = None
    max_score: float | None = None

    @property
    def any(self) -> bool:
        return any(v is not None for v in (self.section, self.source, self.lang, self.since, self.until,
                                           self.history, self.min_score, self.max_score))

    @property
    def on_documents(self) -> bool:
        return bool(self.source or self.lang or self.since or self.until)


def _pending(stmt, f: QueueFilter, ev):
    """``stmt`` with the suggestions ``ev`` limited to pending ones of live commitments (within ``f.section``)."""
    live = select(Commitment.id).where(Commitment.removed_in_version.is_(None))
    if f.section:
        live = live.where((Commitment.section == f.section) | (Commitment.chapter == f.section))
    stmt = stmt.where(ev.status == "suggested", ev.commitment_id.in_(live))
    if f.min_score is not None:
        stmt = stmt.where(ev.score >= f.min_score)
    if f.max_score is not None:
        stmt = stmt.where(ev.score <= f.max_score)
    if f.history is not None:
        stmt = stmt.where(_is_history(ev) if f.history else ~_is_history(ev))
    return stmt


def _is_history(ev):
    """True for evidence of a happening on or before its roadmap's release (models.review_events.before_roadmap
    in SQL): the day is its event's when dated, else its document's publication day."""
    # Aliases: the outer query may already join these tables, and must not correlate with them.
    e, d, c, r = aliased(Event), aliased(Document), aliased(Commitment), aliased(Roadmap)
    event_day = select(e.date).where(e.id == ev.event_id).scalar_subquery()
    published = select(d.published).where(d.id == ev.document_id).scalar_subquery()
    released = select(r.released).join(c, c.roadmap_id == r.id).where(c.id == ev.commitment_id).scalar_subquery()
    day = func.coalesce(event_day, published)
    return and_(day.is_not(None), released.is_not(None), day <= released)


def _on_documents(stmt, f: QueueFilter, doc):
    """``stmt`` limited to the documents ``doc`` that pass ``f``'s source, language and date filters."""
    if f.source:
        src = aliased(Source)
        stmt = stmt.join(src, src.id == doc.source_id).where(src.name == f.source)
    if f.lang:
        stmt = stmt.where(doc.lang == f.lang)
    if f.since:
        stmt = stmt.where(doc.published >= f.since)
    if f.until:
        stmt = stmt.where(doc.published <= f.until)
    return stmt


def _narrowed(stmt, f: QueueFilter, ev, doc=None):
    """``stmt`` with the suggestions ``ev`` limited to pending ones that pass ``f`` (joining their document
    as ``doc`` when given or when a filter needs it)."""
    stmt = _pending(stmt, f, ev)
    if doc is None and not f.on_documents:
        return stmt
    doc = doc if doc is not None else aliased(Document)
    return _on_documents(stmt.join(doc, doc.id == ev.document_id), f, doc)


def _stands_for_its_event(f: QueueFilter):
    """True for a suggestion without an event, or the one that stands for its event and commitment among
    the pending ones passing ``f``: the best score, then the lowest id."""
    other = aliased(Evidence)
    better = _narrowed(select(other.id), f, other).where(
        other.event_id == Evidence.event_id, other.commitment_id == Evidence.commitment_id, other.id != Evidence.id,
        or_(other.score > Evidence.score, and_(other.score == Evidence.score, other.id < Evidence.id)))
    return or_(Evidence.event_id.is_(None), ~better.exists())


def _commitment_classes(session: Session, f: QueueFilter) -> tuple[list[int], list[int]]:
    """The live commitments (within ``f.section``) without, and with, accepted evidence."""
    live = select(Commitment.id).where(Commitment.removed_in_version.is_(None))
    if f.section:
        live = live.where((Commitment.section == f.section) | (Commitment.chapter == f.section))
    ids = set(session.exec(live).all())
    # No DISTINCT: SQLite would answer it by walking every row in commitment order.
    accepted = set(session.exec(select(Evidence.commitment_id).where(Evidence.status == "accepted")).all())
    return sorted(ids - accepted), sorted(ids & accepted)


def _page_ids_by(session: Session, f: QueueFilter, user: str | None, limit: int, offset: int, order: str) -> list[int]:
    """A page in the "newest" or "commitment" order: one sort of the whole (filtered) queue."""
    skipped = select(ReviewAction.evidence_id).where(ReviewAction.action == "skip", ReviewAction.user == (user or ""))
    distance = func.abs(Evidence.score - get_settings().link_threshold)
    stmt = (_narrowed(select(Evidence.id), f, Evidence, Document).where(_stands_for_its_event(f))
            .join(Commitment, Commitment.id == Evidence.commitment_id))
    if order == "commitment":
        keys = (Commitment.order, distance, Document.published.desc().nulls_last(), Evidence.id)
    else:
        keys = (Evidence.id.in_(skipped), Document.published.desc().nulls_last(), Evidence.id)
    return list(session.exec(stmt.order_by(*keys).offset(offset).limit(limit)).all())


def _page_ids(session: Session, f: QueueFilter, user: str | None, limit: int, offset: int) -> list[int]:
    threshold = get_settings().link_threshold
    skipped = select(ReviewAction.evidence_id).where(ReviewAction.action == "skip", ReviewAction.user == (user or ""))
    distance = func.abs(Evidence.score - threshold)
    items = _narrowed(select(Evidence.id), f, Evidence, Document).where(_stands_for_its_event(f))
    order = (distance, Document.published.desc().nulls_last(), Evidence.id)
    # Items fall in four classes, in this order: (not skipped, skipped) x (commitment without, with accepted
    # evidence); within a class the scores nearest the threshold come first. When a narrow band of scores
    # holds all a class must give, those are its part of the page (every item outside the band sorts after
    # them): found through an index, without sorting the whole class.
    need, out = offset + limit, []
    for was_skipped in (False, True):
        for commitments in _commitment_classes(session, f):
            if not commitments:
                continue
            cls = items.where(Evidence.id.in_(skipped) if was_skipped else Evidence.id.not_in(skipped),
                              Evidence.commitment_id.in_(commitments))
            for band in (*BANDS, None):
                near = cls if band is None else cls.where(
                    Evidence.score.between(threshold - band, threshold + band), distance <= band)
                ids = session.exec(near.order_by(*order).limit(need)).all()
                if len(ids) == need:
                    break
            out += ids
            need -= len(ids)
            if need == 0:
                return out[offset:]
    return out[offset:]


def review_queue(*, session: Session, filters: QueueFilter | None = None, user: str | None = None,
                 limit: int = 50, offset: int = 0, order: str = "threshold"
                 ) -> list[tuple[Evidence, Commitment, Document, Source]]:
    """Suggestions awaiting a decision, one per event and commitment, the ones that matter most first.

    An event reported by several documents appears once, as its best-scored suggestion (accepting
    or rejecting it decides the copies too). Order: items ``user`` skipped go last; then
    commitments with no accepted evidence yet; then scores nearest the link threshold (the linker
    is least sure); then the newest documents. ``order`` picks another of ORDERS. Raises ValueError
    for an unknown order.
    """
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}; choose one of {', '.join(ORDERS)}")
    if limit <= 0:
        return []
    # Order the narrow rows (ids and keys) first, then read the wide ones (document bodies) for one page.
    f = filters or QueueFilter()
    ids = (_page_ids(session, f, user, limit, max(offset, 0)) if order == "threshold"
           else _page_ids_by(session, f, user, limit, max(offset, 0), order))
    return items_by_id(session=session, evidence_ids=ids)


def items_by_id(*, session: Session, evidence_ids: list[int]) -> list[tuple[Evidence, Commitment, Document, Source]]:
    """The evidence ``evidence_ids`` with their commitment, document and source, in the order given
    (whatever their status: a page keeps showing the items it was built with after they are decided)."""
    ids = list(evidence_ids)
    if not ids:
        return []
    rows = session.exec(select(Evidence, Commitment, Document, Source)
                        .join(Commitment, Evidence.commitment_id == Commitment.id)
                        .join(Document, Evidence.document_id == Document.id)
                        .join(Source, Document.source_id == Source.id)
                        .where(Evidence.id.in_(ids))).all()
    by_id = {row[0].id: tuple(row) for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def queue_size(*, session: Session, filters: QueueFilter | None = None) -> int:
    """How many items await a decision (with ``filters``; an event's copies count once)."""
    f = filters or QueueFilter()
    if f.on_documents:
        return _size_on_documents(session, f)
    # One item per suggestion without an event, plus one per event and commitment among those with one:
    # both counted from the queue index alone.
    alone = _narrowed(select(func.count()).select_from(Evidence), f, Evidence).where(Evidence.event_id.is_(None))
    pairs = _narrowed(select(Evidence.event_id, Evidence.commitment_id).distinct(), f, Evidence).where(
        Evidence.event_id.is_not(None)).subquery()
    events = select(func.count()).select_from(pairs)
    return int(session.exec(select(alone.scalar_subquery() + events.scalar_subquery())).one())


def _size_on_documents(session: Session, f: QueueFilter) -> int:
    # One pass over the evidence of the matching documents, reached through the documents' ids. Joining
    # each pending suggestion to its document made SQLite (which has no hash join) look up two rows per
    # pending suggestion for the items without an event, and, for the pairs, seek the (document,
    # commitment) index once per matching document and live commitment. An item is an (event,
    # commitment) pair, or a suggestion without an event (its id keeps it apart): DISTINCT counts both.
    documents = _on_documents(select(Document.id), f, Document)
    alone = case((Evidence.event_id.is_(None), Evidence.id))
    items = _pending(select(Evidence.event_id, Evidence.commitment_id, alone).distinct(), f, Evidence).where(
        Evidence.document_id.in_(documents)).subquery()
    return int(session.exec(select(func.count()).select_from(items)).one())
