"""Fetching and parsing a run's article pages ahead of the store, handed over in listing order.

Pages are fetched on a few threads (the per-host rate limit still spaces the requests), at most
LOOKAHEAD ahead of the one being stored, so memory stays bounded and a stopped run has asked for
little it did not store. In a large back-fill the pages are parsed in worker processes, so that
parsing (CPU-bound) runs beside storing instead of competing with it for one interpreter; a small
run parses on the fetch threads and starts no process.
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool, ProcessPoolExecutor
from typing import Callable, Iterator

from pipeline.ingest_batch import Fetched
from sources.config import SourceConfig
from sources.dates import today_in
from sources.errors import SourceError
from sources.http import Fetcher
from sources.parse import parse_article
from sources.parse_worker import own_peak_rss_kb, parse_in_worker, warm_up

FETCH_WORKERS = 4  # article pages fetched at once per source
LOOKAHEAD = 12  # pages asked for ahead of the one being stored
PROCESS_MIN_PAGES = 200  # runs with fewer pages to fetch parse in-process: no worker start-up for them
PARSE_PROCESSES = max(1, min(4, os.cpu_count() or 1))  # the store mostly waits for them on real-sized pages


class ArticlePages:
    """``todo`` ((item, (etag, last_modified)) pairs) fetched and parsed ahead; use as a context manager."""

    def __init__(self, cfg: SourceConfig, fetcher: Fetcher, todo: list):
        self.cfg, self.fetcher = cfg, fetcher
        self._queue, self._pending = iter(todo), deque[Future[Fetched]]()
        self._threads = ThreadPoolExecutor(FETCH_WORKERS, thread_name_prefix="fetch")
        self._parse = _process_parse if len(todo) >= PROCESS_MIN_PAGES else parse_article

    def __enter__(self) -> "ArticlePages":
        return self

    def __exit__(self, *exc) -> None:
        self._threads.shutdown(wait=True, cancel_futures=True)

    def in_order(self, on_wait: Callable[[], None]) -> Iterator[Fetched]:
        """Each page's Fetched, in ``todo`` order; ``on_wait()`` is called whenever the next one is not ready."""
        self._submit()
        while self._pending:
            future: Future = self._pending.popleft()
            if not future.done():
                on_wait()
            fetched = future.result()
            self._submit()
            yield fetched

    def _submit(self) -> None:
        while len(self._pending) < LOOKAHEAD:
            nxt = next(self._queue, None)
            if nxt is None:
                return
            item, (etag, last_modified) = nxt
            self._pending.append(self._threads.submit(self._fetch_one, item, etag, last_modified))

    def _fetch_one(self, item, etag, last_modified) -> Fetched:
        """Fetch and parse one release (on a fetch thread: no database here)."""
        result = None
        try:
            result = self.fetcher.fetch(item.url, etag=etag, last_modified=last_modified, delay=self.cfg.politeness,
                                        request=self.cfg.request)
            if result.not_modified:
                return Fetched(item, result)
            release = self._parse(self.cfg, result.body, url=result.final_url, content_type=result.content_type,
                                  item=item, fetched_on=today_in(self.cfg.tz))
        except SourceError as exc:
            return Fetched(item, result, error=exc)
        return Fetched(item, result, release)


# --- parsing in worker processes ---------------------------------------------------------------

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _process_parse(cfg, body, **kwargs):
    """``parse_article`` in a worker process; in this one if the workers are gone (one was killed)."""
    pool = _parse_pool()
    try:
        return pool.submit(parse_in_worker, cfg, body, **kwargs).result()
    except BrokenProcessPool:
        _drop_pool(pool)
        return parse_article(cfg, body, **kwargs)


def _parse_pool() -> ProcessPoolExecutor:
    """The process's parse workers, started on first use (spawned: never forked from a threaded process)
    and kept for later back-fills in the same process. A spawned worker imports the parent's main
    module too (multiprocessing does); under ``python -m prefect.engine`` that costs it Prefect's imports."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(PARSE_PROCESSES, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=warm_up)
            atexit.register(shutdown_parse_workers)
        return _pool


def _drop_pool(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _pool_lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def shutdown_parse_workers() -> None:
    """Stop the parse workers, if any were started (they are started again when next needed)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def parse_worker_peak_rss_mb() -> list[float]:
    """Peak resident memory reported by the running parse workers, in MB, distinct values only (a worker
    may answer twice); empty when none was started."""
    with _pool_lock:
        pool = _pool
    if pool is None:
        return []
    futures = [pool.submit(own_peak_rss_kb) for _ in range(PARSE_PROCESSES)]
    return sorted({round(f.result() / 1024, 1) for f in futures})
