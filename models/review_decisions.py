"""Analysts' decisions on evidence: accept, reject, skip, relink, add a link, note.

Every decision writes ReviewAction rows (who, when, what, from → to, reason) and never edits or
deletes one. An event's copies (other pending evidence of the same event for the same commitment)
are decided with it, so an analyst decides an event once. After a decision the touched
commitments' statuses are recomputed, and so are the touched events' countries (a rejected report
no longer counts towards "confirmed by both governments"; accepting it again counts it again).
"""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from models.evidence import recompute_statuses, refresh_event
from models.review_targets import NoSuchCommitment, resolve_commitment
from models.tables import Commitment, Document, Evidence, ReviewAction, utcnow

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
# session.info key: events whose evidence a decision changed, refreshed by ``_recompute`` (undo in
# models.review_audit goes through ``_record`` and ``_recompute`` too, so it needs no code of its own).
_EVENTS_TO_REFRESH = "review_events_to_refresh"


class ReviewError(ValueError):
    """A decision cannot be made as asked (unknown evidence, bad reason, nothing to undo...)."""


def get_evidence(*, session: Session, evidence_id: int) -> Evidence:
    """The evidence row ``evidence_id``. Raises ReviewError when there is none."""
    ev = session.get(Evidence, evidence_id)
    if ev is None:
        raise ReviewError(f"no evidence #{evidence_id}")
    return ev


def _get(session: Session, evidence_id: int) -> Evidence:
    return get_evidence(session=session, evidence_id=evidence_id)


def _record(session: Session, ev: Evidence, *, user: str, at: dt.datetime, action: str, to_status: str,
            reason: str | None = None, to_commitment: Commitment | None = None,
            from_status: str | None = None, undoes_id: int | None = None) -> ReviewAction:
    from_cid = session.get(Commitment, ev.commitment_id).cid
    row = ReviewAction(evidence_id=ev.id, user=user, at=at, action=action,
                       from_status=ev.status if from_status is None else from_status, to_status=to_status,
                       from_commitment=from_cid, to_commitment=to_commitment.cid if to_commitment else from_cid,
                       reason=reason, undoes_id=undoes_id)
    moved = to_commitment is not None and to_commitment.id != ev.commitment_id
    if ev.event_id is not None and (to_status != ev.status or moved):
        session.info.setdefault(_EVENTS_TO_REFRESH, set()).add(ev.event_id)
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
    for event_id in sorted(session.info.pop(_EVENTS_TO_REFRESH, ())):
        refresh_event(session=session, event_id=event_id)
    recompute_statuses(session=session, commitment_ids=sorted(commitment_ids))


def pending_copies(*, session: Session, evidence: Evidence) -> list[Evidence]:
    """Other pending evidence of the same event for the same commitment (empty without an event)."""
    if evidence.event_id is None:
        return []
    return list(session.exec(select(Evidence).where(
        Evidence.event_id == evidence.event_id, Evidence.commitment_id == evidence.commitment_id,
        Evidence.id != evidence.id, Evidence.status.in_(PENDING)).order_by(Evidence.id)).all())


def accept(*, session: Session, evidence_id: int, user: str, reason: str | None = None) -> list[ReviewAction]:
    """Accept a suggestion and every pending copy of it (same event, same commitment)."""
    ev = _get(session, evidence_id)
    if ev.status == "accepted":
        raise ReviewError(f"evidence #{evidence_id} is already accepted")
    at = utcnow()
    copies = pending_copies(session=session, evidence=ev)
    actions = [_record(session, ev, user=user, at=at, action="accept", to_status="accepted", reason=reason)]
    for copy in copies:
        actions.append(_record(session, copy, user=user, at=at, action="accept", to_status="accepted",
                               reason=f"same event as evidence #{ev.id}"))
    _recompute(session, {ev.commitment_id})
    return actions


def reject(*, session: Session, evidence_id: int, user: str, reason: str) -> ReviewAction:
    """Reject a suggestion for one of REJECT_REASONS (its key), with its event's pending copies
    (the queue shows an event once). Returns the action on ``evidence_id``; the copies' actions
    share its time, so undo takes them back together."""
    if reason not in REJECT_REASONS:
        raise ReviewError(f"unknown reason {reason!r}; choose one of {', '.join(REJECT_REASONS)}")
    ev = _get(session, evidence_id)
    if ev.status == "rejected":
        raise ReviewError(f"evidence #{evidence_id} is already rejected")
    row = _reject(session, ev, user=user, at=utcnow(), reason=reason)
    _recompute(session, {ev.commitment_id})
    return row


def _reject(session: Session, ev: Evidence, *, user: str, at: dt.datetime, reason: str) -> ReviewAction:
    copies = pending_copies(session=session, evidence=ev) if ev.status in PENDING else []
    row = _record(session, ev, user=user, at=at, action="reject", to_status="rejected", reason=reason)
    for copy in copies:
        _record(session, copy, user=user, at=at, action="reject", to_status="rejected", reason=reason)
    return row


def reject_many(*, session: Session, evidence_ids: list[int], user: str, reason: str) -> list[ReviewAction]:
    """Reject the pending suggestions ``evidence_ids`` (with their events' copies) as ONE decision: every
    row shares one time, so the audit shows one batch and one undo takes it all back. Items already
    decided are left alone. Raises ReviewError for an unknown reason or when none is pending."""
    if reason not in REJECT_REASONS:
        raise ReviewError(f"unknown reason {reason!r}; choose one of {', '.join(REJECT_REASONS)}")
    at, rows, touched = utcnow(), [], set()
    for evidence_id in evidence_ids:
        ev = _get(session, evidence_id)
        if ev.status in PENDING:
            rows.append(_reject(session, ev, user=user, at=at, reason=reason))
            touched.add(ev.commitment_id)
    if not rows:
        raise ReviewError("none of these items awaits a decision any more")
    _recompute(session, touched)
    return rows


def skip(*, session: Session, evidence_id: int, user: str) -> ReviewAction:
    """Put a suggestion at the end of ``user``'s queue; its status does not change."""
    ev = _get(session, evidence_id)
    return _record(session, ev, user=user, at=utcnow(), action="skip", to_status=ev.status)


def relink(*, session: Session, evidence_id: int, user: str, to_cid: str, reason: str | None = None) -> ReviewAction:
    """Move evidence to another commitment of the same roadmap, accepted there."""
    ev = _get(session, evidence_id)
    old = session.get(Commitment, ev.commitment_id)
    try:
        target = resolve_commitment(session=session, text=to_cid, roadmap_id=old.roadmap_id)
    except NoSuchCommitment as exc:
        raise ReviewError(str(exc)) from exc
    if target.id == old.id:
        raise ReviewError(f"this item is already linked to {target.cid}: choose another commitment to move it to")
    clash = session.exec(select(Evidence).where(Evidence.document_id == ev.document_id,
                                                Evidence.commitment_id == target.id)).first()
    if clash is not None:
        doc = session.get(Document, ev.document_id)
        where = {"accepted": "already accepted there", "rejected": "rejected there before"}.get(
            clash.status, "suggested there too (it waits in the queue)")
        raise ReviewError(f"“{doc.title or 'this document'}” is {where} for {target.cid}: reject this item as a "
                          f"duplicate, or decide on {target.cid} from the document's page")
    row = _record(session, ev, user=user, at=utcnow(), action="relink", to_status="accepted",
                  reason=reason, to_commitment=target)
    _recompute(session, {old.id, target.id})
    return row


def add_link(*, session: Session, document_id: int, cid: str, user: str, reason: str | None = None,
             roadmap_id: int | None = None) -> ReviewAction:
    """Link a document to a commitment the linker missed (accepted, origin ``analyst``)."""
    if session.get(Document, document_id) is None:
        raise ReviewError(f"no document #{document_id}")
    try:
        target = resolve_commitment(session=session, text=cid, roadmap_id=roadmap_id)
    except NoSuchCommitment as exc:
        raise ReviewError(str(exc)) from exc
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
