"""Sources in the database: registration, health with backoff, runs, and per-URL fetch validators.

A failing source is never dropped: each failed run records why, counts the failures in a row and
sets ``next_attempt_at`` further out (exponential backoff, or the site's Retry-After if longer);
after N failures in a row it is unhealthy; the next successful run makes it healthy again. Until ``next_attempt_at`` scheduled and ad-hoc runs
leave the source alone (``backing_off_until``).

Times are aware UTC (the column type refuses naive ones); ``as_utc`` also reads a naive one as UTC.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func
from sqlmodel import Session, select

from models.tables import Document, FetchRecord, Source, SourceRun, utcnow
from models.upserts import insert_on_conflict

BASE_BACKOFF = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=24)
RECENT_PAGE_FAILURES = 10  # per-page failures shown with a source's health
SOURCE_FIELDS = ("ministry", "country", "lang", "kind", "url", "schedule", "enabled", "origin", "settings")


def get_source(*, session: Session, name: str) -> Source | None:
    """The source row called ``name``, or None."""
    return session.exec(select(Source).where(Source.name == name)).first()


def list_sources(*, session: Session) -> list[Source]:
    """Every registered source, by name."""
    return list(session.exec(select(Source).order_by(Source.name)).all())


def upsert_source(*, session: Session, name: str, **fields) -> Source:
    """Create or update source ``name`` with ``fields`` (any of SOURCE_FIELDS); health is left alone.

    One ``INSERT … ON CONFLICT (name) DO UPDATE``: two runs registering the same name at once end with
    one row. Commits; returns the row as stored.
    """
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown source fields: {sorted(unknown)}")
    row = get_source(session=session, name=name)
    if row is not None and all(getattr(row, k) == v for k, v in fields.items()):
        return row  # nothing to write (the common case: a configured source synced on every run)
    insert = insert_on_conflict(session, Source)
    stmt = insert.values(name=name, **{"settings": {}, **fields})
    stmt = stmt.on_conflict_do_update(index_elements=[Source.name], set_=fields) if fields else \
        stmt.on_conflict_do_nothing(index_elements=[Source.name])
    stored = session.execute(stmt.returning(Source), execution_options={"populate_existing": True}).scalar_one()
    session.commit()
    return stored


def start_run(*, session: Session, source_id: int) -> SourceRun:
    """A SourceRun row for a run starting now (committed, so a killed run still shows it started)."""
    run = SourceRun(source_id=source_id)
    session.add(run)
    session.commit()
    return run


def close_abandoned_runs(*, session: Session, source_id: int, reason: str) -> int:
    """Finish every unfinished run of ``source_id`` with ``reason`` as its error; commits; returns how many.

    Call it only where no other run of the source can be going on (the flows hold the site's host
    slot): a row still open then belongs to a run whose process died (a lost worker, SIGKILL).
    """
    rows = session.exec(select(SourceRun).where(SourceRun.source_id == source_id,
                                                SourceRun.finished_at == None)).all()  # noqa: E711
    for row in rows:
        row.finished_at, row.error = utcnow(), reason
        session.add(row)
    session.commit()
    return len(rows)


def finish_run(*, session: Session, run: SourceRun, fetched: int, new: int, revised: int, unchanged: int,
               failed: int, error: str | None) -> SourceRun:
    """Record a run's counts and outcome; commits."""
    run = session.merge(run)
    run.finished_at = utcnow()
    run.fetched, run.new, run.revised, run.unchanged, run.failed, run.error = fetched, new, revised, unchanged, failed, error
    session.add(run)
    session.commit()
    return run


def record_success(*, session: Session, source_id: int, new_documents: int = 0) -> Source:
    """The source was read: healthy again, failures reset; commits."""
    src = session.get(Source, source_id)
    now = utcnow()
    src.healthy, src.consecutive_failures, src.last_success, src.next_attempt_at = True, 0, now, None
    if new_documents:
        src.last_new_document_at = now
    session.add(src)
    session.commit()
    return src


def record_failure(*, session: Session, source_id: int, error: str, retry_after: float | None = None,
                   now: datetime | None = None, unhealthy_after: int = 1) -> Source:
    """The source could not be read: the reason kept, next attempt after a growing backoff.

    It turns unhealthy once ``unhealthy_after`` runs in a row have failed (one bad hour on a
    government site is not worth an operator's attention; a site that keeps failing is).
    """
    if unhealthy_after < 1:
        raise ValueError(f"unhealthy_after must be >= 1, got {unhealthy_after}")
    src = session.get(Source, source_id)
    now = now or utcnow()
    src.consecutive_failures += 1
    src.healthy = src.healthy and src.consecutive_failures < unhealthy_after
    src.last_error, src.last_error_at = error[:2000], now
    delay = min(BASE_BACKOFF * 2 ** (src.consecutive_failures - 1), MAX_BACKOFF)
    if retry_after:
        delay = max(delay, timedelta(seconds=min(retry_after, MAX_BACKOFF.total_seconds())))
    src.next_attempt_at = now + delay
    session.add(src)
    session.commit()
    return src


def is_due(source: Source, *, now: datetime | None = None) -> bool:
    """Whether a scheduled run should read the source now (its backoff has passed)."""
    return source.enabled and (source.next_attempt_at is None
                               or as_utc(source.next_attempt_at) <= as_utc(now or utcnow()))


def backing_off_until(*, session: Session, source_id: int, now: datetime | None = None) -> datetime | None:
    """When source ``source_id`` may be asked again (UTC), or None if it may be asked now."""
    src = session.get(Source, source_id)
    if src is None or src.next_attempt_at is None:
        return None
    until = as_utc(src.next_attempt_at)
    return until if until > as_utc(now or utcnow()) else None


def as_utc(value: datetime) -> datetime:
    """``value`` as an aware UTC time (a naive one is taken to be UTC already)."""
    return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)


def recent_page_failures(*, session: Session, source_id: int, limit: int = RECENT_PAGE_FAILURES) -> list[FetchRecord]:
    """The source's pages whose last fetch failed, newest first: what a back-fill could not read, and why."""
    return list(session.exec(select(FetchRecord).where(FetchRecord.source_id == source_id,
                                                       FetchRecord.error.is_not(None))
                             .order_by(FetchRecord.fetched_at.desc(), FetchRecord.id.desc()).limit(limit)).all())


def get_fetch_record(*, session: Session, url: str) -> FetchRecord | None:
    """What we know of ``url`` (validators, last outcome), or None if never fetched."""
    return session.exec(select(FetchRecord).where(FetchRecord.url == url)).first()


def get_fetch_records(*, session: Session, urls) -> dict[str, FetchRecord]:
    """What we know of each of ``urls`` (those ever fetched), by URL; one query per 500 URLs."""
    urls, out = list(urls), {}
    for i in range(0, len(urls), 500):
        for rec in session.exec(select(FetchRecord).where(FetchRecord.url.in_(urls[i:i + 500]))):
            out[rec.url] = rec
    return out


def record_fetch(*, session: Session, url: str, source_id: int | None, status_code: int | None,
                 etag: str | None = None, last_modified: str | None = None, content_hash: str | None = None,
                 error: str | None = None, commit: bool = True) -> None:
    """Remember the outcome and validators of fetching ``url``: one ``INSERT … ON CONFLICT (url) DO UPDATE``.

    A ``source_id`` or ``content_hash`` of None keeps the stored one. A concurrent run writing the same
    URL cannot make it fail: the last write wins. Commits, or with ``commit=False`` (batched storing)
    leaves that to the caller. A record of ``url`` loaded in ``session`` is refreshed.
    """
    values = {"source_id": source_id, "status_code": status_code, "etag": etag, "last_modified": last_modified,
              "content_hash": content_hash, "fetched_at": utcnow(), "error": error}
    insert = insert_on_conflict(session, FetchRecord)
    stmt = insert.values(url=url, **values).on_conflict_do_update(index_elements=[FetchRecord.url], set_={
        **values,
        "source_id": func.coalesce(insert.excluded.source_id, FetchRecord.source_id),
        "content_hash": func.coalesce(insert.excluded.content_hash, FetchRecord.content_hash),
    })
    session.execute(stmt.returning(FetchRecord), execution_options={"populate_existing": True}).all()
    if commit:
        session.commit()


def recent_runs(*, session: Session, source_id: int, limit: int = 5) -> list[SourceRun]:
    """The source's latest runs, newest first."""
    return list(session.exec(select(SourceRun).where(SourceRun.source_id == source_id)
                             .order_by(SourceRun.id.desc()).limit(limit)).all())


def document_counts(*, session: Session) -> dict[int, int]:
    """Number of stored documents per source id."""
    rows = session.exec(select(Document.source_id, func.count(Document.id)).group_by(Document.source_id)).all()
    return {source_id: count for source_id, count in rows}
