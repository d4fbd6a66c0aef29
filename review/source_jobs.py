"""Adding a source from the UI without holding the request: checking the URL (a fetch of the site),
the back-fill and the processing of what it stored run on worker threads of their own, each with its
own database session (the injected hooks open them), and the sources page shows how each addition went.

A slow or dripping site then holds a worker thread of this pool, not one of the server's request
threads and a database connection; at most MAX_PENDING checks wait or run at once, the others are
refused with a message. Back-fills run one at a time, and so does processing (it loads the language
pipelines). The jobs live in the process that took them (a restart forgets the list, not the sources
added nor their documents: a document left unprocessed is taken by the next `roadmap process`).
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from models.tables import utcnow

CHECK_WORKERS = 2
MAX_PENDING = 6  # checks queued or running
KEEP = 20  # finished additions listed on the page
UNDER_WAY = ("checking", "fetching", "pending", "processing")  # the page refreshes itself while one is
logger = logging.getLogger(__name__)


class TooManyChecks(RuntimeError):
    """MAX_PENDING additions are being checked already."""


class SourceRefused(ValueError):
    """A hook refuses the addition because of the form's ``field`` (name, url, kind, lang or country);
    the message is for the user. A plain ValueError is read as a refusal of the URL."""

    def __init__(self, message: str, *, field: str = "url"):
        super().__init__(message)
        self.field = field


@dataclass
class SourceJob:
    """One addition asked for in the UI, with what the user typed (``url`` without credentials).

    ``state``: checking → refused (not added), or fetching → pending (``stored`` documents wait to be
    processed) → processing → processed (``suggestions`` new) | failed (``message`` says why); without a
    process hook, fetching → stored (left to `roadmap process`).
    """
    id: int
    name: str
    url: str
    user: str
    kind: str = "auto"
    lang: str = "auto"
    country: str = ""
    state: str = "checking"
    added: str = ""  # what the check found, once the source is added
    message: str = ""  # the latest step's outcome
    refused_field: str = ""  # the form field a refusal is about
    stored: int = 0
    document_ids: list[int] = field(default_factory=list)  # what the back-fill stored, for a new try
    suggestions: int = 0
    started_at: datetime = field(default_factory=utcnow)
    finished_at: datetime | None = None

    @property
    def under_way(self) -> bool:
        return self.state in UNDER_WAY


class SourceJobs:
    """Runs ``register(name=, url=, kind=, lang=, country=)`` (raises ValueError, or SourceRefused,
    with a message for the user), then ``start_backfill(name)`` (returns an object with the stored
    ``document_ids`` and the run's ``error``, or None), then ``process(document_ids)`` (returns an
    object with ``suggestions`` and ``failed``: document id → reason; raises ValueError with a message
    for the user), all off the request threads. Without ``process`` the documents wait for
    `roadmap process`."""

    def __init__(self, register: Callable[..., Any], start_backfill: Callable[[str], Any],
                 process: Callable[[list[int]], Any] | None = None):
        self._register, self._start_backfill, self._process = register, start_backfill, process
        self._checks = ThreadPoolExecutor(CHECK_WORKERS, thread_name_prefix="source-check")
        self._backfills = ThreadPoolExecutor(1, thread_name_prefix="source-backfill")
        self._processing = ThreadPoolExecutor(1, thread_name_prefix="source-process")
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
            job = SourceJob(id=self._next_id, name=fields.get("name", ""), url=shown_url, user=user,
                            kind=fields.get("kind", "auto"), lang=fields.get("lang", "auto"),
                            country=fields.get("country", ""))
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
        """Wait until every check, back-fill and processing started so far (and those they start) has
        finished; False on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                pending = [f for f in self._futures if not f.done()]
            if not pending:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            wait(pending, timeout=remaining)

    def close(self) -> None:
        for pool in (self._checks, self._backfills, self._processing):
            pool.shutdown(wait=False, cancel_futures=True)

    def _set(self, job: SourceJob, state: str, message: str = "", **values) -> None:
        with self._lock:  # the page reads state and message together
            job.state, job.message = state, message
            for name, value in values.items():
                setattr(job, name, value)
            if state not in UNDER_WAY:
                job.finished_at = utcnow()

    def _then(self, pool: ThreadPoolExecutor, work: Callable, *args) -> None:
        with self._lock:
            self._futures.append(pool.submit(work, *args))

    def _check(self, job: SourceJob, fields: dict) -> None:
        try:  # the same checks as `roadmap sources add`: URL safety, a page with releases, a free name
            report = self._register(**fields)
        except ValueError as exc:
            self._set(job, "refused", f"Source not added: {exc}", refused_field=getattr(exc, "field", "url"))
        except Exception:  # noqa: BLE001 - a bug of ours must not vanish with the thread; logged in full
            logger.exception("checking source %s failed", job.name)
            self._set(job, "refused", "Source not added: an unexpected error (the server's log has it)")
        else:
            self._set(job, "fetching", "", name=report.name,
                      added=f"Added source {report.name} ({report.kind}, {report.item_count} releases on its "
                            "first page).")
            self._then(self._backfills, self._backfill, job)

    def _backfill(self, job: SourceJob) -> None:
        """The whole back-fill, recorded as a SourceRun like any other run, then its processing."""
        try:
            result = self._start_backfill(job.name)
        except ValueError as exc:
            self._set(job, "failed", f"Back-fill failed: {exc}")
            return
        except Exception:  # noqa: BLE001 - the run's outcome is in the source's health; logged in full
            logger.exception("back-fill of %s failed", job.name)
            self._set(job, "failed", "Back-fill failed: an unexpected error (the server's log has it)")
            return
        ids = list(getattr(result, "document_ids", None) or [])
        error = getattr(result, "error", None)
        if not ids:
            if error:
                self._set(job, "failed", f"Back-fill stored no documents: {error}")
            else:
                self._set(job, "processed", "Back-fill found no new documents.")
            return
        note = f"The back-fill stopped early: {error}." if error else ""
        if self._process is None:
            self._set(job, "stored", f"{note} `roadmap process` puts their suggestions in the review queue.".strip(),
                      stored=len(ids))
            return
        self._set(job, "pending", note, stored=len(ids), document_ids=ids)
        self._then(self._processing, self._process_stored, job, ids, note)

    def process_again(self, job_id: int) -> SourceJob | None:
        """Queue the processing of addition ``job_id``'s documents again, after it failed; returns the
        job, or None when there is no such job whose processing failed."""
        with self._lock:
            job = next((j for j in self._jobs if j.id == job_id), None)
            if job is None or job.state != "failed" or not job.document_ids:
                return None
            job.state, job.message, job.finished_at = "pending", "", None
            self._futures.append(self._processing.submit(self._process_stored, job, job.document_ids, ""))
        return job

    def _process_stored(self, job: SourceJob, ids: list[int], note: str) -> None:
        self._set(job, "processing", note)
        kept = (f"the {len(ids)} documents are kept, and `roadmap process` (or the next scheduled run) "
                "processes them")
        try:
            summary = self._process(ids)
        except ValueError as exc:
            self._set(job, "failed", f"Processing failed: {exc}; {kept}.")
            return
        except Exception:  # noqa: BLE001 - the documents stay unprocessed; logged in full
            logger.exception("processing the back-fill of %s failed", job.name)
            self._set(job, "failed", f"Processing failed: an unexpected error (the server's log has it); {kept}.")
            return
        failed = getattr(summary, "failed", None) or {}
        left = (f"; {len(failed)} could not be processed (the next runs try again): "
                f"{next(iter(failed.values()))}") if failed else ""
        self._set(job, "processed", f"{note} From {len(ids)} documents{left}.".strip(),
                  suggestions=summary.suggestions)
