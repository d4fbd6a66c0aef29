"""Read-only data for the UI's pages (the decisions themselves live in models.review)."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, select

from models.status_overrides import current_overrides
from models.tables import Commitment, Document, Evidence, Mention, ReviewAction, Roadmap, Section, Source, SourceRun


@dataclass
class SectionRow:
    section: Section
    counts: dict[str, int] = field(default_factory=dict)
    is_chapter: bool = False


def current_roadmap(*, session: Session, slug: str | None = None) -> Roadmap | None:
    """The roadmap named ``slug``, or the one loaded last."""
    stmt = select(Roadmap)
    stmt = stmt.where(Roadmap.slug == slug) if slug else stmt.order_by(Roadmap.id.desc())
    return session.exec(stmt).first()


def commitments(*, session: Session, roadmap: Roadmap, section: str | None = None) -> list[Commitment]:
    stmt = select(Commitment).where(Commitment.roadmap_id == roadmap.id, Commitment.removed_in_version.is_(None))
    if section:
        stmt = stmt.where((Commitment.section == section) | (Commitment.chapter == section))
    return list(session.exec(stmt.order_by(Commitment.order, Commitment.id)).all())


def section_progress(*, session: Session, roadmap: Roadmap) -> list[SectionRow]:
    """Chapters and sections in roadmap order with their commitments' status counts (chapters roll up)."""
    sections = session.exec(select(Section).where(Section.roadmap_id == roadmap.id)
                            .order_by(Section.order, Section.id)).all()
    counts = session.exec(select(Commitment.chapter, Commitment.section, Commitment.status, func.count())
                          .where(Commitment.roadmap_id == roadmap.id, Commitment.removed_in_version.is_(None))
                          .group_by(Commitment.chapter, Commitment.section, Commitment.status)).all()
    rows = []
    for s in sections:
        is_chapter = s.parent_number is None
        row = SectionRow(s, is_chapter=is_chapter)
        for chapter, section, status, n in counts:
            if (is_chapter and chapter == s.chapter) or (not is_chapter and section == s.number):
                row.counts[status] = row.counts.get(status, 0) + n
        rows.append(row)
    return rows


def evidence_counts_by_date(*, session: Session) -> dict:
    """{(published date, status): n} for accepted and suggested evidence."""
    rows = session.exec(select(Document.published, Evidence.status, func.count())
                        .join(Document, Document.id == Evidence.document_id)
                        .where(Evidence.status.in_(("accepted", "suggested")))
                        .group_by(Document.published, Evidence.status)).all()
    return {(day, status): n for day, status, n in rows}


def latest_evidence(*, session: Session, limit: int = 10) -> list[tuple[Evidence, Commitment, Document]]:
    """The newest accepted evidence, an event's several reports shown once (per commitment)."""
    stmt = (select(Evidence, Commitment, Document).join(Commitment, Commitment.id == Evidence.commitment_id)
            .join(Document, Document.id == Evidence.document_id).where(Evidence.status == "accepted")
            .order_by(Document.published.desc().nulls_last(), Evidence.id.desc()).limit(limit * 5))
    seen, out = set(), []
    for ev, c, d in session.exec(stmt).all():
        key = (ev.event_id, c.id) if ev.event_id is not None else ("own", ev.id)
        if key not in seen and len(out) < limit:
            seen.add(key)
            out.append((ev, c, d))
    return out


def suggestion_count(*, session: Session) -> int:
    """Suggestions awaiting review for live commitments, each report counted (the queue counts events once)."""
    live = select(Commitment.id).where(Commitment.removed_in_version.is_(None))
    return int(session.exec(select(func.count()).select_from(Evidence).where(
        Evidence.status == "suggested", Evidence.commitment_id.in_(live))).one())


def sources_health(*, session: Session, runs_per_source: int = 5) -> list[dict]:
    """Each source with its health, document count, documents not processed at their current revision
    (``unprocessed``: their suggestions are not in the queue yet) and latest runs."""
    docs = dict(session.exec(select(Document.source_id, func.count()).group_by(Document.source_id)).all())
    unprocessed = dict(session.exec(select(Document.source_id, func.count())
                                    .where(Document.processed_revision != Document.revision)
                                    .group_by(Document.source_id)).all())
    out = []
    for src in session.exec(select(Source).order_by(Source.name)).all():
        runs = session.exec(select(SourceRun).where(SourceRun.source_id == src.id)
                            .order_by(SourceRun.started_at.desc()).limit(runs_per_source)).all()
        out.append({"source": src, "documents": docs.get(src.id, 0), "unprocessed": unprocessed.get(src.id, 0),
                    "runs": list(runs)})
    return out


def commitment_evidence(*, session: Session, commitment: Commitment) -> list[tuple[Evidence, Document, Source]]:
    """All evidence for a commitment (except what stays below the threshold), oldest document first."""
    stmt = (select(Evidence, Document, Source).join(Document, Document.id == Evidence.document_id)
            .join(Source, Source.id == Document.source_id)
            .where(Evidence.commitment_id == commitment.id, Evidence.status != "below_threshold")
            .order_by(Document.published.nulls_last(), Evidence.id))
    return list(session.exec(stmt).all())


def document_links(*, session: Session, document: Document) -> list[tuple[Evidence, Commitment]]:
    stmt = (select(Evidence, Commitment).join(Commitment, Commitment.id == Evidence.commitment_id)
            .where(Evidence.document_id == document.id).order_by(Evidence.score.desc(), Evidence.id))
    return list(session.exec(stmt).all())


def document_mentions(*, session: Session, document: Document) -> list[Mention]:
    stmt = (select(Mention).where(Mention.document_id == document.id, Mention.revision == document.revision)
            .order_by(Mention.start))
    return list(session.exec(stmt).all())


def audit_context(*, session: Session, actions: list) -> dict:
    """What audit rows link to: ``documents`` (evidence id -> its Document) and ``undone`` (ids of the
    actions an undo already took back), for the audit table."""
    ids = sorted({a.evidence_id for a in actions})
    docs = dict(session.exec(select(Evidence.id, Document).join(Document, Document.id == Evidence.document_id)
                             .where(Evidence.id.in_(ids))).all()) if ids else {}
    action_ids = [a.id for a in actions]
    undone = set(session.exec(select(ReviewAction.undoes_id).where(ReviewAction.undoes_id.in_(action_ids))).all()) \
        if action_ids else set()
    return {"documents": docs, "undone": undone}


def analyst_statuses(*, session: Session, roadmap: Roadmap) -> list[tuple[Commitment, object]]:
    """The roadmap's commitments with an analyst's status in force, with it, in roadmap order."""
    overrides = current_overrides(session=session)
    return [(c, overrides[c.id]) for c in commitments(session=session, roadmap=roadmap) if c.id in overrides]
