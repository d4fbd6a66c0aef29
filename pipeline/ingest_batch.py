"""Storing fetched releases in batches: one commit per batch instead of several per release.

A batch is committed when it is full, when it is old, or whenever the ingest loop would wait for
the network (so on a slow site every release is durable as soon as it is stored). Its size starts at
one and doubles, so a run's first releases are committed at once. Counts reach the run's summary
only once committed. Rows are written with INSERT … ON CONFLICT, so a concurrent run storing the same
URLs is no error; after a deadlock or serialization failure (PostgreSQL) the whole batch is rolled
back and written again, every decision taken afresh.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from models import sources_repo
from models.documents import content_fingerprint, store_release
from sources.errors import NotARelease, SourceError, describe
from sources.http import FetchResult
from sources.release import ListingItem, ParsedRelease

BATCH_MAX = 100  # releases per commit at most
BATCH_SECONDS = 2.0  # and no batch older than this (a concurrent writer on SQLite waits for it)
ATTEMPTS = 3
RETRYABLE_SQLSTATES = {"40P01", "40001"}  # PostgreSQL deadlock / serialization failure
NOT_A_RELEASE = "not-a-release"  # the content hash recorded for a listed URL that is no release


@dataclass
class Fetched:
    """One listed item after its fetch: a parsed release, a 304 (no release), or the error."""
    item: ListingItem
    result: FetchResult | None = None
    release: ParsedRelease | None = None
    error: SourceError | None = None


class StoreBatch:
    """Fetched items stored in ``session`` but not yet committed (see the module docstring)."""

    def __init__(self, session: Session, source_id: int, summary):
        self.session, self.source_id, self.summary = session, source_id, summary
        self.entries: list[Fetched] = []
        self.outcomes: list = []
        self.limit, self.started = 1, time.monotonic()

    def add(self, fetched: Fetched) -> None:
        """Store one fetched item (flushed, not committed); commits when the batch is full or old."""
        if not self.entries:
            self.started = time.monotonic()
        self.entries.append(fetched)
        try:
            self.outcomes.append(self._write(fetched))
        except OperationalError as exc:
            if not _conflict(exc):
                raise
            self._rewrite()
        if len(self.entries) >= self.limit or time.monotonic() - self.started >= BATCH_SECONDS:
            self.commit()
            self.limit = min(2 * self.limit, BATCH_MAX)

    def commit(self) -> None:
        """Commit what is stored and count it in the summary."""
        for attempt in range(ATTEMPTS):
            try:
                self.session.commit()
                break
            except OperationalError as exc:
                if not _conflict(exc) or attempt == ATTEMPTS - 1:
                    raise
                self._rewrite()
        for fetched, outcome in zip(self.entries, self.outcomes):
            self._count(fetched, outcome)
        self.entries, self.outcomes = [], []

    def _rewrite(self) -> None:
        for attempt in range(ATTEMPTS):
            self.session.rollback()
            try:
                self.outcomes = [self._write(f) for f in self.entries]
                return
            except OperationalError as exc:
                if not _conflict(exc) or attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable: the last attempt re-raises")

    def _write(self, fetched: Fetched):
        s, item = self.session, fetched.item
        if isinstance(fetched.error, NotARelease):  # recorded as settled: never asked for again
            sources_repo.record_fetch(session=s, url=item.url, source_id=self.source_id, commit=False,
                                      status_code=fetched.result.status if fetched.result else None,
                                      content_hash=NOT_A_RELEASE)
            return None
        if fetched.error is not None:
            sources_repo.record_fetch(session=s, url=item.url, source_id=self.source_id, commit=False,
                                      status_code=getattr(fetched.error, "status", None), error=describe(fetched.error))
            return None
        result, release = fetched.result, fetched.release
        outcome = None
        if release is not None:
            assert result is not None  # a release is parsed from a fetched page (ArticlePages._fetch_one)
            outcome = store_release(session=s, source_id=self.source_id, release=release, commit=False,
                                    page_url=item.url)
            sources_repo.record_fetch(session=s, url=item.url, source_id=self.source_id, status_code=result.status,
                                      etag=result.etag, last_modified=result.last_modified,
                                      content_hash=content_fingerprint(release.body), commit=False)
        return outcome

    def _count(self, fetched: Fetched, outcome) -> None:
        summary = self.summary
        if fetched.result is not None:
            summary.fetched += 1
        if isinstance(fetched.error, NotARelease):
            summary.skipped += 1
            summary.problems.append(str(fetched.error))
            return
        if fetched.error is not None:
            summary.failed += 1
            summary.failures.append(describe(fetched.error))
            return
        if outcome is None or outcome.status == "unchanged":
            summary.unchanged += 1
            return
        if outcome.status in ("new", "copy"):
            summary.new += 1
        else:
            summary.revised += 1
        summary.document_ids.append(outcome.document_id)


def _conflict(exc: Exception) -> bool:
    """A deadlock or serialization failure with a concurrent run: worth writing the batch again.

    (A concurrent run storing the same URL is no error: rows are written with INSERT … ON CONFLICT.)"""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in RETRYABLE_SQLSTATES
