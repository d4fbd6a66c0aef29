"""Ingesting one source: listing (conditionally) → new articles → parsed releases → stored documents.

Plain functions; the Prefect flows wrap them. A run always finishes: a listing that cannot be read
ends it with ``error`` set and the source marked unhealthy; a bad article is counted in ``failed``
and the run goes on. An unchanged listing costs one conditional request (a 304) and nothing else.
A listing's validators are kept only when all its items were stored, so a release that failed is
tried again next run instead of hiding behind a 304.

A source that failed is left alone until its ``next_attempt_at`` (its backoff, or the Retry-After the
site asked for): the run asks nothing and says "backing off until …". A person who wants it read
anyway passes ``ignore_backoff``. A run has a deadline (RUN_DEADLINE_SECONDS for scheduled runs,
none for back-fills unless given); what it did not reach waits for the next run.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from models import db, sources_repo
from pipeline.adhoc import SampleReport, register_adhoc_source, source_config
from pipeline.article_fetch import ArticlePages
from pipeline.ingest_batch import StoreBatch
from pipeline.ingest_health import backing_off, backoff_message, finish_after_bug, record_health, unhealthy_threshold
from pipeline.run_context import IngestSummary, Progress, RunContext
from sources.dates import today_in
from sources.errors import KIND_SEPARATOR, NotARelease, PageGone, SourceError, SourceUnavailable, describe
from sources.http import Fetcher, FetchResult
from sources.parse import listing_urls, parse_listing
from sources.release import ListingItem

__all__ = ["IngestSummary", "SampleReport", "backoff_message", "ingest_source",
           "register_adhoc_source"]
RECHECK_DAYS = 7  # known releases this recent (or any, in a back-fill) are re-fetched conditionally: corrections
MAX_UNAVAILABLE_IN_A_ROW = 3  # then the site is down: stop asking
RUN_DEADLINE_SECONDS = 3600  # a scheduled run of one source ends within this, however slow the site


def ingest_source(*, source_name: str, since: date | None = None, engine=None, fetcher: Fetcher | None = None,
                  progress: Progress | None = None, ignore_backoff: bool = False,
                  deadline_seconds: float | None = None) -> IngestSummary:
    """Read source ``source_name`` (from config or registered ad hoc) and store what is new.

    ``since`` back-fills: listing pages are followed back to that date and items before it skipped.
    ``progress(done, total, url)`` is called per article. A source backing off is not read (the
    summary's ``backing_off_until`` says until when) unless ``ignore_backoff``. ``deadline_seconds``
    bounds the run (default: RUN_DEADLINE_SECONDS, or none for a back-fill). Returns an
    IngestSummary; raises SourceConfigError (unknown source), database errors, and errors in our own
    code (after recording them in the run: they are bugs to fix, not something the site did).
    """
    engine = engine or db.get_engine()
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher()
    summary = IngestSummary(source=source_name)
    try:
        with Session(engine, expire_on_commit=False) as session:
            cfg, source_id = source_config(session=session, name=source_name)
            if not ignore_backoff and backing_off(session, source_id, summary):
                return summary
            run = sources_repo.start_run(session=session, source_id=source_id)
            if deadline_seconds is None and since is None:
                deadline_seconds = RUN_DEADLINE_SECONDS
            try:
                with fetcher.run_deadline(deadline_seconds):
                    retry_after = _run(RunContext(cfg=cfg, session=session, source_id=source_id, fetcher=fetcher,
                                                  summary=summary, since=since, progress=progress))
            except OperationalError:
                raise  # the database went away: nothing can be recorded; the caller says so in one line
            except Exception as exc:  # a bug of ours: the run says so, the error goes on with its traceback
                finish_after_bug(session, run, summary, exc)
                raise
            record_health(session, source_id, summary, retry_after, unhealthy_after=unhealthy_threshold(cfg))
            sources_repo.finish_run(session=session, run=run, fetched=summary.fetched, new=summary.new,
                                    revised=summary.revised, unchanged=summary.unchanged,
                                    failed=summary.failed, error=summary.error)
    finally:
        if own_fetcher:
            fetcher.close()
    return summary


def _run(run: RunContext) -> float | None:
    try:
        items, listings = _read_listings(run)
    except SourceError as exc:
        run.summary.error = describe(exc)
        return getattr(exc, "retry_after", None)
    try:
        complete = _ingest_items(run, items)
    except SourceUnavailable as exc:
        run.summary.error = (f"{exc.kind}{KIND_SEPARATOR}stopped asking after {MAX_UNAVAILABLE_IN_A_ROW} pages in a row "
                         f"failed; last: {exc}")
        return exc.retry_after
    if complete:
        for url, result in listings:
            sources_repo.record_fetch(session=run.session, url=url, source_id=run.source_id, status_code=result.status,
                                      etag=result.etag, last_modified=result.last_modified)
    return None


def _read_listings(run: RunContext) -> tuple[list[ListingItem], list[tuple[str, FetchResult]]]:
    """Items of the source's listing(s), newest pages first; empty when every listing answered 304."""
    cfg, session, fetcher, summary, since = run.cfg, run.session, run.fetcher, run.summary, run.since
    items: dict[str, ListingItem] = {}
    listings: list[tuple[str, FetchResult]] = []
    not_modified = 0
    first_urls = listing_urls(cfg, since=since)
    for url in first_urls:
        for page in range(cfg.max_pages if since else 1):
            record = None if since else sources_repo.get_fetch_record(session=session, url=url)
            try:
                result = fetcher.fetch(url, etag=record.etag if record else None,
                                       last_modified=record.last_modified if record else None, delay=cfg.politeness,
                                       request=cfg.request)
            except PageGone as exc:
                if page == 0:
                    raise
                summary.problems.append(f"older listing page gone; back-fill stops there: {exc}")
                break
            if result.not_modified:
                not_modified += 1
                break
            listing = parse_listing(cfg, result.body, url=result.final_url, content_type=result.content_type,
                                    fetched_on=today_in(cfg.tz))
            listings.append((url, result))
            summary.problems += listing.problems
            for item in listing.items:
                items.setdefault(item.url, item)
            dates = [i.published for i in listing.items if i.published]
            if not since or not listing.next_url or (dates and min(dates) < since):
                break
            url = listing.next_url
    summary.listing_not_modified = not_modified == len(first_urls)
    return list(items.values()), listings


def _ingest_items(run: RunContext, items: list[ListingItem]) -> bool:
    """Fetch and parse items on a few threads, store them in order, in batches; True if every item
    was handled (stored or known)."""
    cfg, session, since = run.cfg, run.session, run.since
    recent = today_in(cfg.tz) - timedelta(days=RECHECK_DAYS)
    records = sources_repo.get_fetch_records(session=session, urls=[i.url for i in items])
    todo, done = [], 0
    for item in items:
        record = records.get(item.url)
        known = record is not None and record.error is None and record.content_hash is not None
        too_old = bool(since and item.published and item.published < since)
        # An undated item cannot be judged recent: once stored, it settles like an old one (no endless re-fetch).
        settled = known and not since and (item.published is None or item.published < recent)
        if too_old or settled:
            run.summary.unchanged += 1 if settled else 0
            done += 1
            run.report(done, len(items), item.url)
            continue
        todo.append((item, (record.etag, record.last_modified) if known and record is not None else (None, None)))
    batch = StoreBatch(session, run.source_id, run.summary)
    complete, unavailable_in_a_row = True, 0
    with ArticlePages(cfg, run.fetcher, todo) as pages:
        for fetched in pages.in_order(on_wait=batch.commit):  # waiting for the network: make what is stored durable
            done += 1
            run.report(done, len(items), fetched.item.url)
            batch.add(fetched)
            if fetched.error is None or isinstance(fetched.error, NotARelease):
                unavailable_in_a_row = 0
                continue
            complete = False
            unavailable_in_a_row = unavailable_in_a_row + 1 if isinstance(fetched.error, SourceUnavailable) else 0
            if unavailable_in_a_row >= MAX_UNAVAILABLE_IN_A_ROW:
                batch.commit()
                raise fetched.error
        batch.commit()
    return complete
