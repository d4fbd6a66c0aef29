"""Adding a source from the UI without holding the request: checking the URL (a fetch of the site)
and the back-fill run on a few worker threads of their own, each with its own database session (the
injected hooks open them), and the sources page shows how each addition went.

A slow or dripping site then holds a worker thread of this pool, not one of the server's request
threads and a database connection; at most MAX_PENDING checks wait or run at once, the others are
refused with a message. The jobs live in the process that took them (a restart forgets the list,
not the sources added).
"""
from __future__ import annotations

import logging
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from models.tables import utcnow

CHECK_WORKERS = 2
MAX_PENDING = 6  # checks queued or running
KEEP = 20  # finished additions listed on the page
logger = logging.getLogger(__name__)


class TooManyChecks(RuntimeError):
    """MAX_PENDING additions are being checked already."""


@dataclass
class SourceJob:
    """One addition asked for in the UI: ``state`` is checking, added or failed."""
    id: int
    name: str
    url: str
    user: str
    state: str = "checking"
    message: str = ""
    started_at: datetime = field(default_factory=utcnow)
    finished_at: datetime | None = None


class SourceJobs:
    """Runs ``register(name=, url=, kind=, lang=, country=)`` (raises ValueError with a message for the
    user) and then ``start_backfill(name)`` off the request threads."""

    def __init__(self, register: Callable[..., Any], start_backfill: Callable[[str], Any]):
        self._register, self._start_backfill = register, start_backfill
        self._checks = ThreadPoolExecutor(CHECK_WORKERS, thread_name_prefix="source-check")
        self._backfills = ThreadPoolExecutor(1, thread_name_prefix="source-backfill")
        self._lock = threading.Lock()
        self._jobs: deque[SourceJob] = deque(maxlen=KEEP + MAX_PENDING)
        self._futures: list = []
        self._next_id = 1

    def submit(self, *, user: str, shown_url: str, **fields) -> SourceJob:
        """Start checking a new source (``fields`` go to ``register``); ``shown_url`` is what the page
        shows. Raises TooManyChecks when MAX_PENDING are under way."""
        with self._lock:
            if sum(job.state == "checking" for job in self._jobs) >= MAX_PENDING:
                raise TooManyChecks(f"{MAX_PENDING} sources are being checked already; try again when one is done")
            job = SourceJob(id=self._next_id, name=fields.get("name", ""), url=shown_url, user=user)
            self._next_id += 1
            self._jobs.appendleft(job)
            self._futures = [f for f in self._futures if not f.done()]
            self._futures.append(self._checks.submit(self._check, job, fields))
        return job

    def recent(self) -> list[SourceJob]:
        """The additions under way and the last finished ones, newest first."""
        with self._lock:
            return list(self._jobs)

    def wait(self, timeout: float) -> bool:
        """Wait until every check and back-fill started so far has finished; False on timeout."""
        with self._lock:
            futures = list(self._futures)
        _done, pending = wait(futures, timeout=timeout)
        return not pending

    def close(self) -> None:
        self._checks.shutdown(wait=False, cancel_futures=True)
        self._backfills.shutdown(wait=False, cancel_futures=True)

    def _check(self, job: SourceJob, fields: dict) -> None:
        try:  # the same checks as `roadmap sources add`: URL safety, a page with releases, a free name
            report = self._register(**fields)
        except ValueError as exc:
            job.message = f"Source not added: {exc}"
            job.state = "failed"
        except Exception:  # noqa: BLE001 - a bug of ours must not vanish with the thread; logged in full
            logger.exception("checking source %s failed", job.name)
            job.message = "Source not added: an unexpected error (the server's log has it)"
            job.state = "failed"
        else:
            job.message = (f"Added source {report.name} ({report.kind}, {report.item_count} releases on its first "
                           "page); its back-fill has started.")
            job.state = "added"
            with self._lock:
                self._futures.append(self._backfills.submit(self._backfill, report.name))
        job.finished_at = utcnow()

    def _backfill(self, name: str) -> None:
        """The whole back-fill, recorded as a SourceRun like any other run."""
        try:
            self._start_backfill(name)
        except Exception:  # noqa: BLE001 - the run's outcome is in the source's health; logged in full
            logger.exception("back-fill of %s failed", name)
