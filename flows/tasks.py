"""Prefect tasks around the plain pipeline functions: IO, retries, politeness, announcements.

Every task is idempotent: ingesting stores on canonical URL + content hash, processing skips what
was already processed at its current revision, and announcing only describes what the run did.
"""
from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import concurrency

from flows import events, host_limits
from pipeline import pipeline_state

# A run waits this long for its host's slot before giving up (another run is reading that site).
HOST_SLOT_TIMEOUT_SECONDS = 30 * 60


def is_transient(exc: BaseException | None) -> bool:
    """True for errors worth retrying soon: the site or the database was briefly unavailable."""
    if exc is None:
        return False
    import httpx
    from sqlalchemy.exc import OperationalError

    from sources.errors import SourceUnavailable

    return isinstance(exc, (SourceUnavailable, httpx.TransportError, OperationalError, ConnectionError, TimeoutError))


def retry_if_transient(task, task_run, state) -> bool:
    """Prefect ``retry_condition_fn``: retry transient failures only (a 404 or a changed site won't heal)."""
    try:
        state.result(raise_on_failure=True)
    except Exception as exc:  # the failure we are judging
        return is_transient(exc)
    return False


def as_dict(obj: Any) -> dict:
    """A summary dataclass (or anything with attributes) as a plain dict for flow results."""
    if dataclasses.is_dataclass(obj):
        return dataclasses.asdict(obj)
    return dict(getattr(obj, "_asdict", lambda: vars(obj))())


@task(name="ingest", task_run_name="ingest-{source_name}", retries=2, retry_delay_seconds=[10, 60],
      retry_condition_fn=retry_if_transient, cache_policy=NO_CACHE)
def ingest(source_name: str, since: date | None = None, polite_delay: float | None = None,
           ignore_backoff: bool = False):
    """Fetch, parse and store one source, holding its host's concurrency slot; returns its IngestSummary.

    ``polite_delay`` overrides the source's delay between requests (0 for the local sample server).
    A source backing off is not read (its summary says until when) unless ``ignore_backoff``.
    """
    from pipeline.ingest import ingest_source
    from sources.http import Fetcher

    url = pipeline_state.source_url(source_name)
    delay = polite_delay if polite_delay is not None else pipeline_state.source_politeness(source_name)
    limit = host_limits.ensure_host_limit(url)  # ad hoc sources and sources added since the last deploy too
    fetcher = Fetcher(polite_delay=polite_delay) if polite_delay is not None else None
    try:
        with concurrency(limit, occupy=1, strict=True, timeout_seconds=HOST_SLOT_TIMEOUT_SECONDS,
                         lease_duration=host_limits.lease_seconds(delay)):
            pipeline_state.close_abandoned_runs(source_name)  # no live run of this site's sources but ours
            return ingest_source(source_name=source_name, since=since, fetcher=fetcher,
                                 ignore_backoff=ignore_backoff)
    finally:
        if fetcher is not None:
            fetcher.close()


@task(name="read-health", cache_policy=NO_CACHE)
def read_health(source_name: str) -> pipeline_state.SourceHealth | None:
    """The source's stored health (None before its first run)."""
    return pipeline_state.source_health(source_name)


@task(name="announce-ingest", task_run_name="announce-{source_name}", cache_policy=NO_CACHE)
def announce_ingest(source_name: str, document_ids: list[int], before: pipeline_state.SourceHealth | None) -> int:
    """Emit ``roadmap.document.ingested`` per new/revised document and a health event on a transition.

    Documents of the source still waiting to be processed are announced too: those of a run that
    crashed after storing them would otherwise wait for the hourly sweep.
    """
    after = pipeline_state.source_health(source_name)
    pending = pipeline_state.pending_document_ids(source_name)
    specs = events.document_ingested_events(source=source_name, document_ids=list(document_ids) + pending)
    specs += events.health_events(
        source=source_name, healthy_before=before.healthy if before else None,
        healthy_after=after.healthy if after else None,
        error=after.last_error if after else None,
        consecutive_failures=after.consecutive_failures if after else 0,
        next_attempt_at=after.next_attempt_at if after else None)
    return events.emit(specs)


@task(name="process", retries=2, retry_delay_seconds=[10, 60], retry_condition_fn=retry_if_transient,
      cache_policy=NO_CACHE)
def process(document_ids: list[int] | None = None, since: date | None = None, until: date | None = None):
    """Extract, link and store suggestions; returns the ProcessSummary."""
    from pipeline.process import process_documents

    return process_documents(document_ids=document_ids, since=since, until=until)


@task(name="announce-evidence", cache_policy=NO_CACHE)
def announce_evidence(evidence_ids: list[int]) -> int:
    """Emit ``roadmap.evidence.suggested`` for each new suggestion an analyst should see."""
    return events.emit(events.evidence_suggested_events(pipeline_state.suggested_evidence(evidence_ids)))


@task(name="check-silence", cache_policy=NO_CACHE)
def check_silence() -> list[str]:
    """Emit ``roadmap.source.silent`` for sources quiet for longer than expected; returns their names."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    specs = events.silent_source_events(pipeline_state.enabled_source_activity(), now=now)
    events.emit(specs)
    return [s.payload["source"] for s in specs]
