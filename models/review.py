"""Analysts' decisions on evidence: the review queue and an append-only audit trail.

Every decision writes ReviewAction rows (who, when, what, from → to, reason) and never edits or
deletes one; undo is a new action that restores the state before the action it undoes. After a
decision the touched commitments' statuses are recomputed.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import dataclass

from sqlalchemy import case, func
from sqlmodel import Session, select

from models.tables import Commitment, Document, Evidence, ReviewAction, Source, utcnow

# Why a suggestion is rejected: key -> label. The UI offers them in this order (keys 1..5).
REJECT_REASONS = {
    "wrong-commitment": "Wrong commitment",
    "not-bilateral": "Not a Japan–Canada matter",
    "background-only": "Background only: nothing happened",
    "duplicate": "Duplicate of other evidence",
    "not-relevant": "Not relevant",
}
UNDOABLE = ("accept", "reject", "skip", "relink", "add")
PENDING = ("suggested", "below_threshold")


class ReviewError(ValueError):
    """A decision cannot be made as asked (unknown evidence, bad reason, nothing to undo...)."""


@dataclass(frozen=True)
class QueueFilter:
    """Narrows the review queue; empty fields do not filter."""
    section: str | None = None  # a section ("1.1") or a chapter ("1")
    source: str | None = None   # a source's name
    lang: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def _queue_query(stmt, filters: QueueFilter | None):
    stmt = (stmt.join(Commitment, Evidence.commitment_id == Commitment.id)
            .join(Document, Evidence.document_id == Document.id)
            .join(Source, Document.source_id == Source.id)
            .where(Evidence.status == "suggested", Commitment.removed_in_version.is_(None)))
    f = filters or QueueFilter()
    if f.section:
        stmt = stmt.where((Commitment.section == f.section) | (Commitment.chapter == f.section))
    if f.source:
        stmt = stmt.where(Source.name == f.source)
    if f.lang:
        stmt = stmt.where(Document.lang == f.lang)
    if f.since:
        stmt = stmt.where(Document.published >= f.since)
    if f.until:
        stmt = stmt.where(Document.published <= f.until)
    return stmt


def review_queue(*, session: Session, filters: QueueFilter | None = None, user: str | None = None,
                 limit: int = 50, offset: int = 0) -> list[tuple[Evidence, Commitment, Document, Source]]:
    """Suggestions awaiting a decision, the ones that matter most first.

    Order: items ``user`` skipped go last; then commitments with no accepted evidence yet; then
    scores nearest 0.5 (the linker is least sure); then the newest documents.
    """
    has_accepted = select(Evidence.commitment_id).where(Evidence.status == "accepted").distinct()
    skipped = select(ReviewAction.evidence_id).where(ReviewAction.action == "skip", ReviewAction.user == (user or ""))
    stmt = _queue_query(select(Evidence, Commitment, Document, Source), filters).order_by(
        case((Evidence.id.in_(skipped), 1), else_=0),
        case((Evidence.commitment_id.in_(has_accepted), 1), else_=0),
        func.abs(Evidence.score - 0.5),
        Document.published.desc().nulls_last(),
        Evidence.id,
    )
    return list(session.exec(stmt.offset(offset).limit(limit)).all())


def queue_size(*, session: Session, filters: QueueFilter | None = None) -> int:
    """How many suggestions await a decision (with ``filters``)."""
    return int(session.exec(_queue_query(select(func.count(Evidence.id)), filters)).one())


def event_documents(*, session: Session, evidence: Evidence) -> list[tuple[Document, Source]]:
    """The other documents reporting the same event as ``evidence`` (empty without an event)."""
    if evidence.event_id is None:
        return []
    stmt = (select(Document, Source).join(Evidence, Evidence.document_id == Document.id)
            .join(Source, Document.source_id == Source.id)
            .where(Evidence.event_id == evidence.event_id, Document.id != evidence.document_id)
            .order_by(Document.published, Document.id))
    seen, out = set(), []
    for doc, src in session.exec(stmt).all():
        if doc.id not in seen:
            seen.add(doc.id)
            out.append((doc, src))
    return out


def _get(session: Session, evidence_id: int) -> Evidence:
    ev = session.get(Evidence, evidence_id)
    if ev is None:
        raise ReviewError(f"no evidence #{evidence_id}")
    return ev


def _cid(session: Session, commitment_id: int) -> str:
    return session.get(Commitment, commitment_id).cid


def _record(session: Session, ev: Evidence, *, user: str, at: dt.datetime, action: str, to_status: str,
            reason: str | None = None, to_commitment: Commitment | None = None,
            from_status: str | None = None, undoes_id: int | None = None) -> ReviewAction:
    from_cid = _cid(session, ev.commitment_id)
    row = ReviewAction(evidence_id=ev.id, user=user, at=at, action=action,
                       from_status=ev.status if from_status is None else from_status, to_status=to_status,
                       from_commitment=from_cid, to_commitment=to_commitment.cid if to_commitment else from_cid,
                       reason=reason, undoes_id=undoes_id)
    if to_commitment is not None:
        ev.commitment_id = to_commitment.id
    ev.status = to_status
    if to_status in PENDING:
        ev.decided_by = ev.decided_at = None
    else:
        ev.decided_by, ev.decided_at = user, at
    ev.updated_at = at
    session.add_all([row, ev])
    return row


def _recompute(session: Session, commitment_ids: set[int]) -> None:
    session.flush()
    if importlib.util.find_spec("models.evidence") is None:  # linking not installed yet: statuses stay
        return
    from models.evidence import recompute_statuses

    recompute_statuses(session=session, commitment_ids=sorted(commitment_ids))


def accept(*, session: Session, evidence_id: int, user: str, reason: str | None = None) -> list[ReviewAction]:
    """Accept a suggestion and every pending copy of it (same event, same commitment)."""
    ev = _get(session, evidence_id)
    if ev.status == "accepted":
        raise ReviewError(f"evidence #{evidence_id} is already accepted")
    at = utcnow()
    actions = [_record(session, ev, user=user, at=at, action="accept", to_status="accepted", reason=reason)]
    if ev.event_id is not None:
        copies = session.exec(select(Evidence).where(
            Evidence.event_id == ev.event_id, Evidence.commitment_id == ev.commitment_id,
            Evidence.id != ev.id, Evidence.status.in_(PENDING))).all()
        for copy in copies:
            actions.append(_record(session, copy, user=user, at=at, action="accept", to_status="accepted",
                                   reason=f"same event as evidence #{ev.id}"))
    _recompute(session, {ev.commitment_id})
    return actions


def reject(*, session: Session, evidence_id: int, user: str, reason: str) -> ReviewAction:
    """Reject a suggestion for one of REJECT_REASONS (its key)."""
    if reason not in REJECT_REASONS:
        raise ReviewError(f"unknown reason {reason!r}; choose one of {', '.join(REJECT_REASONS)}")
    ev = _get(session, evidence_id)
    if ev.status == "rejected":
        raise ReviewError(f"evidence #{evidence_id} is already rejected")
    row = _record(session, ev, user=user, at=utcnow(), action="reject", to_status="rejected", reason=reason)
    _recompute(session, {ev.commitment_id})
    return row


def skip(*, session: Session, evidence_id: int, user: str) -> ReviewAction:
    """Put a suggestion at the end of ``user``'s queue; its status does not change."""
    ev = _get(session, evidence_id)
    return _record(session, ev, user=user, at=utcnow(), action="skip", to_status=ev.status)


def relink(*, session: Session, evidence_id: int, user: str, to_cid: str, reason: str | None = None) -> ReviewAction:
    """Move evidence to another commitment of the same roadmap, accepted there."""
    ev = _get(session, evidence_id)
    old = session.get(Commitment, ev.commitment_id)
    target = session.exec(select(Commitment).where(Commitment.roadmap_id == old.roadmap_id,
                                                   Commitment.cid == to_cid.strip())).first()
    if target is None:
        raise ReviewError(f"no commitment {to_cid!r}")
    if target.id == old.id:
        raise ReviewError(f"evidence #{evidence_id} is already linked to {to_cid}")
    clash = session.exec(select(Evidence).where(Evidence.document_id == ev.document_id,
                                                Evidence.commitment_id == target.id)).first()
    if clash is not None:
        raise ReviewError(f"this document already has a link to {to_cid} (evidence #{clash.id}); decide on that one")
    row = _record(session, ev, user=user, at=utcnow(), action="relink", to_status="accepted",
                  reason=reason, to_commitment=target)
    _recompute(session, {old.id, target.id})
    return row


def add_link(*, session: Session, document_id: int, cid: str, user: str, reason: str | None = None,
             roadmap_id: int | None = None) -> ReviewAction:
    """Link a document to a commitment the linker missed (accepted, origin ``analyst``)."""
    if session.get(Document, document_id) is None:
        raise ReviewError(f"no document #{document_id}")
    stmt = select(Commitment).where(Commitment.cid == cid.strip(), Commitment.removed_in_version.is_(None))
    if roadmap_id is not None:
        stmt = stmt.where(Commitment.roadmap_id == roadmap_id)
    target = session.exec(stmt).first()
    if target is None:
        raise ReviewError(f"no commitment {cid!r}")
    ev = session.exec(select(Evidence).where(Evidence.document_id == document_id,
                                             Evidence.commitment_id == target.id)).first()
    from_status = ev.status if ev is not None else "none"
    if ev is not None and ev.status == "accepted":
        raise ReviewError(f"this document is already accepted as evidence for {target.cid}")
    if ev is None:
        ev = Evidence(document_id=document_id, commitment_id=target.id, score=1.0, origin="analyst",
                      rationale=f"added by {user}" + (f": {reason}" if reason else ""), status="none")
        session.add(ev)
        session.flush()
    row = _record(session, ev, user=user, at=utcnow(), action="add", to_status="accepted",
                  reason=reason, from_status=from_status)
    _recompute(session, {target.id})
    return row


def add_note(*, session: Session, evidence_id: int, user: str, text: str) -> ReviewAction:
    """Attach an analyst's note to evidence (recorded in the audit; the status does not change)."""
    ev = _get(session, evidence_id)
    text = text.strip()
    if not text:
        raise ReviewError("a note cannot be empty")
    ev.note = text
    return _record(session, ev, user=user, at=utcnow(), action="note", to_status=ev.status, reason=text)


def undo(*, session: Session, user: str, action_id: int | None = None) -> list[ReviewAction]:
    """Undo ``user``'s latest decision (or the one given) with new actions restoring the state before it.

    A decision that also accepted an event's copies is undone with them. Raises ReviewError when
    there is nothing to undo.
    """
    undone = select(ReviewAction.undoes_id).where(ReviewAction.undoes_id.is_not(None))
    stmt = select(ReviewAction).where(ReviewAction.action.in_(UNDOABLE), ReviewAction.id.not_in(undone))
    if action_id is not None:
        stmt = stmt.where(ReviewAction.id == action_id)
    else:
        stmt = stmt.where(ReviewAction.user == user)
    last = session.exec(stmt.order_by(ReviewAction.at.desc(), ReviewAction.id.desc())).first()
    if last is None:
        raise ReviewError("nothing to undo" if action_id is None else f"action #{action_id} cannot be undone")
    batch = session.exec(stmt.where(ReviewAction.user == last.user, ReviewAction.at == last.at,
                                    ReviewAction.action == last.action) if action_id is None
                         else stmt).all()
    at, touched, out = utcnow(), set(), []
    for original in batch:
        ev = _get(session, original.evidence_id)
        touched.add(ev.commitment_id)
        back = None
        if original.from_commitment != original.to_commitment:
            back = session.exec(select(Commitment).where(
                Commitment.roadmap_id == session.get(Commitment, ev.commitment_id).roadmap_id,
                Commitment.cid == original.from_commitment)).first()
            touched.add(back.id)
        status = original.from_status if original.from_status in PENDING + ("accepted", "rejected") else "rejected"
        out.append(_record(session, ev, user=user, at=at, action="undo", to_status=status, to_commitment=back,
                           reason=f"undo {original.action} #{original.id}", undoes_id=original.id))
    _recompute(session, touched)
    return out


def history(*, session: Session, commitment_cid: str | None = None, evidence_ids: list[int] | None = None,
            user: str | None = None, limit: int = 100, offset: int = 0) -> list[ReviewAction]:
    """Audit rows, newest first, optionally for one commitment (either side of a relink), some
    evidence, or one user."""
    stmt = select(ReviewAction)
    if commitment_cid:
        stmt = stmt.where((ReviewAction.from_commitment == commitment_cid) | (ReviewAction.to_commitment == commitment_cid))
    if evidence_ids is not None:
        stmt = stmt.where(ReviewAction.evidence_id.in_(evidence_ids))
    if user:
        stmt = stmt.where(ReviewAction.user == user)
    return list(session.exec(stmt.order_by(ReviewAction.at.desc(), ReviewAction.id.desc())
                             .offset(offset).limit(limit)).all())
