"""Analysts' statuses: a status set by hand with a reason, kept beside the rule's status (which the
evidence keeps recomputing), as the Mandate Letter Tracker's analysts do. Append-only: the latest
row per commitment holds, an empty status hands the commitment back to the rule."""
from __future__ import annotations

from sqlmodel import Session, select

from domain.progress_rules import STATUSES
from models.tables import Commitment, StatusOverride, utcnow


class OverrideError(ValueError):
    """An analyst's status cannot be set as asked (unknown status, no reason, unknown commitment)."""


def set_status(*, session: Session, commitment_id: int, status: str | None, reason: str, user: str) -> StatusOverride:
    """Set the analyst's status of a commitment (``status`` "" or None: back to the rule's). A reason is
    required when setting one. Raises OverrideError."""
    if session.get(Commitment, commitment_id) is None:
        raise OverrideError(f"no commitment #{commitment_id}")
    status = (status or "").strip() or None
    reason = " ".join((reason or "").split())
    if status is not None and status not in STATUSES:
        raise OverrideError(f"unknown status {status!r}; choose one of {', '.join(STATUSES)}")
    if status is not None and not reason:
        raise OverrideError("say why: an analyst's status needs a reason that readers of the report will see")
    row = StatusOverride(commitment_id=commitment_id, status=status, reason=reason, user=user, at=utcnow())
    session.add(row)
    session.flush()
    return row


def current_overrides(*, session: Session, commitment_ids: list[int] | None = None) -> dict[int, StatusOverride]:
    """The analyst's status in force per commitment id (commitments handed back to the rule are absent)."""
    stmt = select(StatusOverride).order_by(StatusOverride.at, StatusOverride.id)
    if commitment_ids is not None:
        stmt = stmt.where(StatusOverride.commitment_id.in_(commitment_ids))
    latest: dict[int, StatusOverride] = {}
    for row in session.exec(stmt).all():
        latest[row.commitment_id] = row
    return {cid: row for cid, row in latest.items() if row.status is not None}


def override_history(*, session: Session, commitment_id: int) -> list[StatusOverride]:
    """Every analyst status set on a commitment, newest first."""
    return list(session.exec(select(StatusOverride).where(StatusOverride.commitment_id == commitment_id)
                             .order_by(StatusOverride.at.desc(), StatusOverride.id.desc())).all())
