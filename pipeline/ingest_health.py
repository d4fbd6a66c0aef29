"""A run's outcome in the source's health: failures recorded with their kind, backoff kept, our bugs told apart.

The run reads nothing while the source backs off (``backing_off``); a failed run records why and
when to try again (``record_health``); a run stopped by an error in our code says so without
marking the site unhealthy (``finish_after_bug``).
"""
from __future__ import annotations

import logging

from sqlmodel import Session

from models import sources_repo
from sources.errors import KIND_SEPARATOR, split_failure

log = logging.getLogger("roadmap.ingest")


def backing_off(session: Session, source_id: int, summary) -> bool:
    """True (and says so in the log and the IngestSummary) when the source's next attempt is still to come."""
    until = sources_repo.backing_off_until(session=session, source_id=source_id)
    if until is None:
        return False
    summary.backing_off_until = until.isoformat(timespec="seconds")
    log.info("%s: %s (not asked; a back-fill by a person may override it)", summary.source,
             backoff_message(summary.backing_off_until))
    return True


def backoff_message(until_iso: str) -> str:
    """'backing off until 2026-12-07 20:07 UTC' for an ISO time in UTC."""
    return f"backing off until {until_iso[:16].replace('T', ' ')} UTC"


def finish_after_bug(session: Session, run, summary, exc: Exception) -> None:
    """Finish ``run`` as 'internal error — …' and log the traceback; the source's health is left alone."""
    log.exception("%s: the run stopped on an error in our code", summary.source)
    session.rollback()
    sources_repo.finish_run(session=session, run=run, fetched=summary.fetched, new=summary.new,
                            revised=summary.revised, unchanged=summary.unchanged, failed=summary.failed,
                            error=f"internal error — {type(exc).__name__}: {exc}")


def unhealthy_threshold(cfg) -> int:
    """Failed runs in a row before ``cfg``'s source is unhealthy: its ``unhealthy_after``, else the setting."""
    from config.settings import get_settings

    return cfg.unhealthy_after or get_settings().unhealthy_after_failures


def record_health(session: Session, source_id: int, summary, retry_after: float | None,
                  unhealthy_after: int = 1) -> None:
    """Healthy again, or a failure recorded with its kind and a next attempt (the site's Retry-After if longer).

    The source turns unhealthy after ``unhealthy_after`` failed runs in a row.
    """
    # A page fetched but not parsed counts as fetched and failed: judge by what was stored or settled.
    all_failed = summary.failed > 0 and summary.new + summary.revised + summary.unchanged == 0
    if summary.error or all_failed:
        kind, first = split_failure(summary.failures[0]) if summary.failures else (None, "")
        reason = summary.error or f"{kind or 'failed'}{KIND_SEPARATOR}every release failed; first: {first}"
        sources_repo.record_failure(session=session, source_id=source_id, error=reason, retry_after=retry_after,
                                    unhealthy_after=unhealthy_after)
    else:
        sources_repo.record_success(session=session, source_id=source_id, new_documents=summary.new)
