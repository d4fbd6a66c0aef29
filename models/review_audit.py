"""The audit trail of review decisions, and undo (a new action restoring the state before one)."""
from __future__ import annotations

from sqlmodel import Session, select

from models import review_decisions as decisions
from models.tables import Commitment, ReviewAction, utcnow


def undoable(*, session: Session, user: str, action_id: int | None = None) -> list[ReviewAction]:
    """The decision undo would take back: ``user``'s latest one not yet undone (or action ``action_id``),
    as all its rows (an event's copies, a bulk decision's items: one time, one action); [] when none."""
    undone = select(ReviewAction.undoes_id).where(ReviewAction.undoes_id.is_not(None))
    stmt = select(ReviewAction).where(ReviewAction.action.in_(decisions.UNDOABLE), ReviewAction.id.not_in(undone))
    if action_id is not None:
        last = session.exec(stmt.where(ReviewAction.id == action_id)).first()
    else:
        last = session.exec(stmt.where(ReviewAction.user == user)
                            .order_by(ReviewAction.at.desc(), ReviewAction.id.desc())).first()
    if last is None:
        return []
    return list(session.exec(stmt.where(ReviewAction.user == last.user, ReviewAction.at == last.at,
                                        ReviewAction.action == last.action).order_by(ReviewAction.id)).all())


def _decided_since(session: Session, batch: list[ReviewAction]) -> ReviewAction | None:
    """A later action (other than a note) on one of ``batch``'s evidence: reverting under it would
    silently overwrite that later decision."""
    ids = [a.evidence_id for a in batch]
    return session.exec(select(ReviewAction).where(
        ReviewAction.evidence_id.in_(ids), ReviewAction.action.in_(decisions.UNDOABLE + ("undo",)),
        ReviewAction.at > batch[0].at)
        .order_by(ReviewAction.at)).first()


def undo(*, session: Session, user: str, action_id: int | None = None) -> list[ReviewAction]:
    """Undo ``user``'s latest decision (or the one given) with new actions restoring the state before it.

    A decision that also decided an event's copies, or a bulk decision, is undone as a whole. Raises
    ReviewError when there is nothing to undo, or when its evidence was decided again since.
    """
    batch = undoable(session=session, user=user, action_id=action_id)
    if not batch:
        raise decisions.ReviewError("nothing to undo" if action_id is None
                                    else "this decision cannot be reverted: it was reverted already, or is not a decision")
    later = _decided_since(session, batch)
    if later is not None:
        raise decisions.ReviewError(f"evidence #{later.evidence_id} was decided again later ({later.action} by "
                                    f"{later.user}, {later.at:%Y-%m-%d %H:%M}): revert that decision first")
    at, touched, out = utcnow(), set(), []
    for original in batch:
        ev = decisions.get_evidence(session=session, evidence_id=original.evidence_id)
        touched.add(ev.commitment_id)
        back = None
        if original.from_commitment != original.to_commitment:
            back = session.exec(select(Commitment).where(
                Commitment.roadmap_id == session.get(Commitment, ev.commitment_id).roadmap_id,
                Commitment.cid == original.from_commitment)).first()
            touched.add(back.id)
        known = decisions.PENDING + ("accepted", "rejected")
        status = original.from_status if original.from_status in known else "rejected"
        out.append(decisions._record(session, ev, user=user, at=at, action="undo", to_status=status,
                                     to_commitment=back, reason=f"undo {original.action} #{original.id}",
                                     undoes_id=original.id))
    decisions._recompute(session, touched)
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


def latest_actions(*, session: Session, evidence_ids: list[int]) -> dict[int, ReviewAction]:
    """Each of ``evidence_ids``' latest decision (not a note or an event correction), by evidence id."""
    if not evidence_ids:
        return {}
    out: dict[int, ReviewAction] = {}
    rows = session.exec(select(ReviewAction).where(ReviewAction.evidence_id.in_(evidence_ids),
                                                   ReviewAction.action.in_(decisions.UNDOABLE + ("undo",)))
                        .order_by(ReviewAction.at, ReviewAction.id)).all()
    for row in rows:
        out[row.evidence_id] = row
    return out
