"""What one ingest run of one source carries from step to step: its source, session, fetcher and settings.

``ingest_source`` builds one ``RunContext`` per run and hands it to each step (read the listings,
fetch and store the items) instead of the same seven values in every signature. Frozen: a step may
add to the run's ``summary`` (its ``IngestSummary``, the tally the run returns) but not swap the
source, session or settings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from sqlmodel import Session

from sources.config import SourceConfig
from sources.http import Fetcher

Progress = Callable[[int, int, str], None]  # progress(done, total, url), called once per listed item


@dataclass
class IngestSummary:
    """What one run of a source did: counts, the new or revised documents, the error that ended it, if any."""
    source: str
    fetched: int = 0
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0  # listed URLs that are no release (NotARelease): recorded, not retried
    document_ids: list[int] = field(default_factory=list)
    error: str | None = None
    failures: list[str] = field(default_factory=list)
    listing_not_modified: bool = False
    backing_off_until: str | None = None  # ISO time (UTC): the run asked nothing, the source is backing off
    problems: list[str] = field(default_factory=list)  # listed entries that could not become items, pages gone


@dataclass(frozen=True)
class RunContext:
    """One run of source ``cfg`` (row ``source_id``): where it stores, how it fetches, how far back it reads.

    ``since`` set means a back-fill (listing pages followed back to that date, older items skipped);
    ``progress`` is optional.
    """
    cfg: SourceConfig
    session: Session
    source_id: int
    fetcher: Fetcher
    summary: IngestSummary
    since: date | None = None
    progress: Progress | None = None

    def report(self, done: int, total: int, url: str) -> None:
        """Tell ``progress`` (if any) that ``done`` of ``total`` items are handled, the last being ``url``."""
        if self.progress is not None:
            self.progress(done, total, url)
