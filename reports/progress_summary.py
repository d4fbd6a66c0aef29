"""What the roadmap's progress looks like in the database: rows for the progress table (chapters, sections,
commitments with status and evidence counts) and what awaits review. Read by ``roadmap demo``."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AwaitingReview:
    suggestions: int  # evidence rows waiting for a decision
    items: int  # review-queue items: an event's copies count once (what `roadmap review list` shows)
    commitments: int  # commitments they point at


def awaiting_review(*, engine=None) -> AwaitingReview:
    """What the review queue holds: suggestions, queue items and the commitments concerned."""
    from sqlmodel import func, select

    from models import db
    from models.review_queue import queue_size
    from models.tables import Evidence

    with db.session_scope(engine) as session:
        suggestions, commitments = session.exec(
            select(func.count(), func.count(Evidence.commitment_id.distinct())).where(Evidence.status == "suggested")).one()
        return AwaitingReview(suggestions, queue_size(session=session), commitments)


@dataclass(frozen=True)
class ProgressRow:
    level: str  # chapter | section | commitment
    number: str
    title: str
    status: str = ""
    accepted: int = 0
    suggested: int = 0
    latest: str = ""
    chapter: str = ""
    section: str = ""


def progress_rows(*, engine=None) -> list[ProgressRow]:
    """Chapters, sections and commitments in roadmap order, with status and evidence counts."""
    from sqlmodel import func, select

    from models import db
    from models.tables import Commitment, Evidence, Section

    with db.session_scope(engine) as session:
        sections = {s.number: s for s in session.exec(select(Section).order_by(Section.order)).all()}
        commitments = session.exec(select(Commitment).where(Commitment.removed_in_version == None)  # noqa: E711
                                   .order_by(Commitment.order)).all()
        counts: dict[tuple[int, str], int] = {
            (cid, status): n for cid, status, n in session.exec(
                select(Evidence.commitment_id, Evidence.status, func.count()).group_by(Evidence.commitment_id,
                                                                                       Evidence.status)).all()}
    rows, seen = [], set()
    for c in commitments:
        for number in (c.chapter, c.section):
            if number not in seen and number in sections:
                seen.add(number)
                s = sections[number]
                rows.append(ProgressRow("chapter" if number == c.chapter else "section", number,
                                        s.title_en or s.title_ja))
        rows.append(ProgressRow("commitment", c.cid, c.text_en or c.text_ja, c.status,
                                counts.get((c.id, "accepted"), 0), counts.get((c.id, "suggested"), 0),
                                c.latest_evidence.isoformat() if c.latest_evidence else "", c.chapter, c.section))
    return _roll_up(rows)


def _roll_up(rows: list[ProgressRow]) -> list[ProgressRow]:
    """Give chapter and section rows their commitments' evidence counts and a count of statuses."""
    out = []
    for row in rows:
        if row.level == "commitment":
            out.append(row)
            continue
        members = [r for r in rows if r.level == "commitment" and
                   (r.chapter if row.level == "chapter" else r.section) == row.number]
        with_evidence = sum(1 for r in members if r.status != "no evidence")
        summary = f"{with_evidence}/{len(members)} with evidence"
        latest = max((r.latest for r in members if r.latest), default="")
        out.append(ProgressRow(row.level, row.number, row.title, summary, sum(r.accepted for r in members),
                               sum(r.suggested for r in members), latest))
    return out
