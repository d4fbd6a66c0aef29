"""What one ingest run of one source carries from step to step: its source, session, fetcher and settings.

``ingest_source`` builds one ``RunContext`` per run and hands it to each step (read the listings,
fetch and store the items) instead of the same seven values in every signature. Frozen: a step may
add to the run's ``summary`` (it is the run's tally) but not swap the source, session or settings.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Callable

from sqlmodel import Session

from sources.config import SourceConfig
from sources.http import Fetcher

if TYPE_CHECKING:  # ingest imports this module; the summary's class lives there
    from pipeline.ingest import IngestSummary

Progress = Callable[[int, int, str], None]  # progress(done, total, url), called once per listed item


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
