"""Decisions in words, for flash messages and the queue's undo button: what was decided, on which
document, moving what from where to where (never an internal action number alone)."""
from __future__ import annotations

from sqlmodel import Session

from models.tables import Document, Evidence, ReviewAction


def _item(session: Session, evidence_id: int) -> str:
    ev = session.get(Evidence, evidence_id)
    doc = session.get(Document, ev.document_id) if ev else None
    title = (doc.title or "untitled") if doc else "document gone"
    return f"evidence #{evidence_id} (“{title[:80]}”)"


def _where(action: ReviewAction) -> str:
    if action.from_commitment != action.to_commitment:
        return f"{action.from_commitment} → {action.to_commitment}"
    return f"→ {action.to_commitment}"


def describe(*, session: Session, actions: list[ReviewAction]) -> str:
    """One decision (all its rows: an event's copies or a bulk decision's items), e.g.
    "accept of evidence #79 (“KAEDEx conducted”) → 1.1-2a", "reject of 21 items (…)"."""
    if not actions:
        return "nothing"
    head = actions[0]
    groups = {}
    for a in actions:
        ev = session.get(Evidence, a.evidence_id)
        groups.setdefault(("event", ev.event_id) if ev and ev.event_id else ("own", a.evidence_id), a)
    if len(groups) == 1:
        copies = len(actions) - 1
        more = f", with {copies} other report{'s' if copies > 1 else ''} of the same event" if copies else ""
        return f"{head.action} of {_item(session, head.evidence_id)} {_where(head)}{more}"
    cids = sorted({a.to_commitment for a in groups.values()})
    shown = ", ".join(cids[:4]) + (", …" if len(cids) > 4 else "")
    return f"{head.action} of {len(groups)} items ({len(actions)} reports) in {shown}"


def describe_undo(*, session: Session, undo_rows: list[ReviewAction]) -> str:
    """What the undo rows ``undo_rows`` took back, described as the decision they undid."""
    originals = [session.get(ReviewAction, row.undoes_id) for row in undo_rows if row.undoes_id]
    return describe(session=session, actions=[a for a in originals if a is not None])
