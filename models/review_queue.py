"""The review queue: pending suggestions, one item per event, the decisions that matter most first."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from config.settings import get_settings
from models.tables import Commitment, Document, Evidence, ReviewAction, Source


@dataclass(frozen=True)
class QueueFilter:
    """Narrows the review queue; empty fields do not filter."""
    section: str | None = None  # a section ("1.1") or a chapter ("1")
    source: str | None = None   # a source's name
    lang: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def _conditions(f: QueueFilter, doc, src) -> list:
    """The filters on a document and its source (``doc``/``src`` may be aliases)."""
    out = []
    if f.source:
        out.append(src.name == f.source)
    if f.lang:
        out.append(doc.lang == f.lang)
    if f.since:
        out.append(doc.published >= f.since)
    if f.until:
        out.append(doc.published <= f.until)
    return out


def _has_better_copy(f: QueueFilter):
    """EXISTS another suggestion of the same event and commitment that stands for the event instead:
    a higher score, or the same score and a lower id, within the same filters."""
    other, odoc, osrc = aliased(Evidence), aliased(Document), aliased(Source)
    return (select(other.id).join(odoc, odoc.id == other.document_id).join(osrc, osrc.id == odoc.source_id)
            .where(other.event_id == Evidence.event_id, other.commitment_id == Evidence.commitment_id,
                   other.status == "suggested", other.id != Evidence.id,
                   or_(other.score > Evidence.score, and_(other.score == Evidence.score, other.id < Evidence.id)),
                   *_conditions(f, odoc, osrc))
            .exists())


def _queue_query(stmt, filters: QueueFilter | None):
    f = filters or QueueFilter()
    stmt = (stmt.join(Commitment, Evidence.commitment_id == Commitment.id)
            .join(Document, Evidence.document_id == Document.id)
            .join(Source, Document.source_id == Source.id)
            .where(Evidence.status == "suggested", Commitment.removed_in_version.is_(None),
                   or_(Evidence.event_id.is_(None), ~_has_better_copy(f)), *_conditions(f, Document, Source)))
    if f.section:
        stmt = stmt.where((Commitment.section == f.section) | (Commitment.chapter == f.section))
    return stmt


def review_queue(*, session: Session, filters: QueueFilter | None = None, user: str | None = None,
                 limit: int = 50, offset: int = 0) -> list[tuple[Evidence, Commitment, Document, Source]]:
    """Suggestions awaiting a decision, one per event and commitment, the ones that matter most first.

    An event reported by several documents appears once, as its best-scored suggestion (accepting
    or rejecting it decides the copies too). Order: items ``user`` skipped go last; then
    commitments with no accepted evidence yet; then scores nearest the link threshold (the linker
    is least sure); then the newest documents.
    """
    threshold = get_settings().link_threshold
    has_accepted = select(Evidence.commitment_id).where(Evidence.status == "accepted").distinct()
    skipped = select(ReviewAction.evidence_id).where(ReviewAction.action == "skip", ReviewAction.user == (user or ""))
    stmt = _queue_query(select(Evidence, Commitment, Document, Source), filters).order_by(
        case((Evidence.id.in_(skipped), 1), else_=0),
        case((Evidence.commitment_id.in_(has_accepted), 1), else_=0),
        func.abs(Evidence.score - threshold),
        Document.published.desc().nulls_last(),
        Evidence.id,
    )
    return list(session.exec(stmt.offset(offset).limit(limit)).all())


def queue_size(*, session: Session, filters: QueueFilter | None = None) -> int:
    """How many items await a decision (with ``filters``; an event's copies count once)."""
    return int(session.exec(_queue_query(select(func.count(Evidence.id)), filters)).one())
