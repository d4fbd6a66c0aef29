"""Published digests: saved with the statuses they saw, read back as the next digest's baseline."""
from __future__ import annotations

from sqlmodel import Session, select

from models.tables import PublishedDigest


def latest_digest(*, session: Session, period: str) -> PublishedDigest | None:
    """The last digest of ``period``, or None before the first one."""
    return session.exec(select(PublishedDigest).where(PublishedDigest.period == period)
                        .order_by(PublishedDigest.created_at.desc(), PublishedDigest.id.desc())).first()


def latest_statuses(*, session: Session, period: str) -> dict[str, str]:
    """The commitment statuses the last digest of ``period`` saw, or {} before the first one."""
    row = latest_digest(session=session, period=period)
    return dict(row.statuses) if row else {}


def save_digest(*, session: Session, period: str, markdown: str, statuses: dict[str, str]) -> PublishedDigest:
    """Store a published digest and the statuses it saw; commits and returns the row."""
    row = PublishedDigest(period=period, markdown=markdown, statuses=dict(statuses))
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def get_digest(*, session: Session, digest_id: int) -> PublishedDigest | None:
    return session.get(PublishedDigest, digest_id)
