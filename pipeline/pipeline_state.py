"""Small reads of the app database that the flows need to decide what to announce and where to be polite."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlmodel import col, select

from flows.events import SourceActivity, SuggestedEvidence
from models import db
from models.tables import Commitment, Document, Evidence, Source


@dataclass(frozen=True)
class SourceHealth:
    healthy: bool
    consecutive_failures: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = None


def source_health(name: str, *, engine=None) -> SourceHealth | None:
    """The stored health of source ``name``, or None if it was never registered."""
    with db.session_scope(engine) as session:
        row = session.exec(select(Source).where(Source.name == name)).first()
        if row is None:
            return None
        return SourceHealth(healthy=row.healthy, consecutive_failures=row.consecutive_failures,
                            last_error=row.last_error, next_attempt_at=row.next_attempt_at)


def source_url(name: str, *, engine=None) -> str | None:
    """The URL of source ``name``: from config if it is configured, else from the registered row."""
    from pipeline.source_registry import find_source

    with db.session_scope(engine) as session:
        found = find_source(name, session=session)
        return found.url if found else None


ABANDONED_RUN = "crashed — the run's process stopped before it finished (closed by the next run)"


def close_abandoned_runs(name: str, *, engine=None) -> int:
    """Close the unfinished runs of source ``name`` (call while holding its host slot); returns how many."""
    from models import sources_repo

    with db.session_scope(engine) as session:
        row = session.exec(select(Source).where(Source.name == name)).first()
        if row is None or row.id is None:  # no such source (a stored row always has its id)
            return 0
        return sources_repo.close_abandoned_runs(session=session, source_id=row.id, reason=ABANDONED_RUN)


def pending_document_ids(name: str, *, engine=None) -> list[int]:
    """Documents of source ``name`` not yet processed at their current revision (a crashed run's too)."""
    with db.session_scope(engine) as session:
        ids = session.exec(select(col(Document.id)).join(Source, col(Source.id) == col(Document.source_id))
                           .where(Source.name == name, Document.processed_revision < Document.revision)
                           .order_by(col(Document.id))).all()
        return [i for i in ids if i is not None]  # primary keys of stored rows: never None


def source_politeness(name: str, *, engine=None) -> float:
    """Seconds between requests to source ``name``'s site (config, else the ad hoc row's, else 1)."""
    from pipeline.source_registry import find_source
    from sources.config import DEFAULT_POLITENESS

    with db.session_scope(engine) as session:
        found = find_source(name, session=session)
        return found.cfg.politeness if found and found.cfg else DEFAULT_POLITENESS


def host_limit_name(url: str | None) -> str:
    """The Prefect global concurrency limit that guards one host: ``host:www.mofa.go.jp``."""
    netloc = urlsplit(url or "").netloc.lower() or "unknown"
    return f"host:{netloc}"


def suggested_evidence(evidence_ids: list[int], *, engine=None) -> list[SuggestedEvidence]:
    """The given evidence rows that are (still) suggestions, with what an alert shows."""
    if not evidence_ids:
        return []
    with db.session_scope(engine) as session:
        rows = session.exec(
            select(Evidence, Commitment.cid, Document.title, Document.canonical_url, Source.name)  # type: ignore[call-overload]  # sqlmodel types select() up to 4 columns
            .join(Commitment, col(Commitment.id) == col(Evidence.commitment_id))
            .join(Document, col(Document.id) == col(Evidence.document_id))
            .join(Source, col(Source.id) == col(Document.source_id))
            .where(col(Evidence.id).in_(evidence_ids), Evidence.status == "suggested")
            .order_by(col(Evidence.id))
        ).all()
        return [SuggestedEvidence(evidence_id=ev.id, commitment=cid, document_id=ev.document_id, score=ev.score,
                                  title=title, url=url, source=src, rationale=ev.rationale)
                for ev, cid, title, url, src in rows]


def enabled_source_activity(*, engine=None) -> list[SourceActivity]:
    """Each enabled registered source's last sign of life, for the silence check."""
    with db.session_scope(engine) as session:
        rows = session.exec(select(Source).where(Source.enabled == True).order_by(Source.name)).all()  # noqa: E712
        return [SourceActivity(name=r.name, created_at=r.created_at, last_new_document_at=r.last_new_document_at,
                               silent_after_days=(r.settings or {}).get("silent_after_days"))
                for r in rows]


def pending_document_count(*, engine=None) -> int:
    """Documents whose current revision has not been through extraction and linking yet."""
    from sqlmodel import func

    with db.session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(Document)
                            .where(Document.processed_revision < Document.revision)).one()
