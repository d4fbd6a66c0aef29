"""The Prefect flows: ingest one source, process documents, monitor all sources, onboard a new source.

Flow and run names use the source's name (``ingest-source/mofa_press_ja``), the one name the tool
uses everywhere. The work itself is in plain functions (``pipeline.ingest``, ``pipeline.process``).
"""
from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger
from prefect.states import Completed, Failed
from prefect.task_runners import ThreadPoolTaskRunner

from flows import tasks

# Sources read at once by one monitor run; hosts differ, and each host has its own slot anyway.
MONITOR_WORKERS = 4
# The state of a monitor run in which a source could not be read: Completed (the other sources were
# read, the results are there) under a name an operator can filter on (state name in the Prefect UI/API).
COMPLETED_WITH_FAILURES = "Completed with failures"


def _ingest_and_announce(source_name: str, since: date | None, polite_delay: float | None = None,
                         ignore_backoff: bool = False) -> dict:
    before = tasks.read_health(source_name)
    summary = tasks.ingest(source_name, since=since, polite_delay=polite_delay, ignore_backoff=ignore_backoff)
    tasks.announce_ingest(source_name, list(summary.document_ids), before)
    return tasks.as_dict(summary)


def log_outcome(name: str, result: dict) -> None:
    """One line in the run's log: the counts and error of an ingest, or that the source is backing off."""
    from pipeline.ingest import backoff_message

    if result.get("backing_off_until"):
        get_run_logger().info("%s: %s; not asked", name, backoff_message(result["backing_off_until"]))
        return
    get_run_logger().info("%s: %s new, %s revised, %s unchanged, %s failed%s", name, result["new"],
                          result["revised"], result["unchanged"], result["failed"],
                          f" — {result['error']}" if result.get("error") else "")


@flow(name="ingest-source", flow_run_name="{source_name}", log_prints=True)
def ingest_source_flow(source_name: str, since: date | None = None, polite_delay: float | None = None,
                       ignore_backoff: bool = False) -> dict:
    """Fetch → parse → store one source; announces each new or revised document as an event.

    ``since`` back-fills to that date; ``polite_delay`` overrides the source's delay between requests.
    A source backing off is not read unless ``ignore_backoff`` (a person's back-fill). Returns the
    IngestSummary as a dict, or a Failed state when nothing could be read (the source's health
    says why; it turns unhealthy after its threshold of failed runs in a row).
    """
    result = _ingest_and_announce(source_name, since, polite_delay, ignore_backoff)
    log_outcome(source_name, result)
    for problem in result.get("problems", []):
        get_run_logger().warning("%s: %s", source_name, problem)
    if backfill_failed(result):  # the run failed as the site did: Failed, one clear line, health recorded
        return Failed(message=failure_message(source_name, result))
    return result


@flow(name="process-documents", log_prints=True)
def process_documents_flow(document_ids: list[int] | None = None, since: date | None = None,
                           until: date | None = None) -> dict:
    """Extract → link → store suggestions; announces each new suggestion as an event.

    With no arguments it processes every document not yet processed at its current revision (what
    the event trigger wants: one run sweeps a whole batch). ``since``/``until`` re-process documents
    published in that range, e.g. after a gazetteer change. Returns the ProcessSummary as a dict.
    """
    summary = tasks.process(document_ids=document_ids, since=since, until=until)
    tasks.announce_evidence(list(summary.evidence_ids))
    result = tasks.as_dict(summary)
    get_run_logger().info("processed %s documents: %s mentions, %s suggestions", result["documents"],
                          result["mentions"], result["suggestions"])
    for doc_id, reason in result["failed"].items():  # left unprocessed, retried by the next runs (a few times)
        get_run_logger().warning("document %s could not be processed: %s", doc_id, reason)
    if result["truncated"]:
        get_run_logger().warning("documents read only in part (too long): %s", result["truncated"])
    return result


@flow(name="monitor", task_runner=ThreadPoolTaskRunner(max_workers=MONITOR_WORKERS), log_prints=True)
def monitor_flow(sources: list[str] | None = None, since: date | None = None,
                 polite_delay: float | None = None) -> list[dict]:
    """Ingest each of ``sources`` (default: every enabled source) and check for silent sources.

    The served ``monitor`` deployment has one cron schedule per source, each passing that source's
    name, so each source runs on its own schedule. ``polite_delay`` overrides every source's delay
    between requests. Sources backing off are not
    read (each says until when in the log and its result). A run in which a source could not be
    read ends Completed, named ``Completed with failures``, its message naming those sources.
    """
    names = sources or enabled_source_names()
    befores = {name: tasks.read_health(name) for name in names}
    futures = {name: tasks.ingest.submit(name, since=since, polite_delay=polite_delay) for name in names}
    results = []
    for name, future in futures.items():
        future.wait()
        if future.state.is_completed():
            summary = future.result()
            tasks.announce_ingest(name, list(summary.document_ids), befores[name])
            results.append(tasks.as_dict(summary))
            log_outcome(name, results[-1])
        else:  # one broken source must not stop the others; its health already says why
            tasks.announce_ingest(name, [], befores[name])
            results.append({"source": name, "error": future.state.message or future.state.name})
    tasks.check_silence()
    failed = [r["source"] for r in results if backfill_failed(r)]
    if failed:
        return Completed(data=results, name=COMPLETED_WITH_FAILURES,
                         message=f"{len(failed)} of {len(results)} sources could not be read: {', '.join(failed)}")
    return results


@flow(name="onboard-source", flow_run_name="onboard-{name}", log_prints=True)
def onboard_source_flow(name: str, url: str, kind: str = "auto", lang: str = "auto", ministry: str = "",
                        country: str = "", backfill_since: date | None = None, ignore_backoff: bool = False) -> dict:
    """Check and register a new source, then back-fill it from ``backfill_since``.

    Re-running it for a source backing off reads nothing unless ``ignore_backoff`` (what
    ``roadmap sources add --backfill`` passes: a person asked for it).

    Served as the deployment ``onboard-source/adhoc``: startable from ``roadmap sources add …
    --backfill SINCE``, from ``prefect deployment run 'onboard-source/adhoc' --param name=… --param
    url=… --param backfill_since=2026-01-01`` and from the Prefect UI. Re-running it for the same
    name and URL registers nothing new and stores nothing twice. Returns the IngestSummary as a dict,
    or a Failed state (the run fails) when the back-fill failed on every item, after announcing health.
    """
    from pipeline.adhoc import register_adhoc_source

    register_adhoc_source(name=name, url=url, kind=kind, lang=lang, ministry=ministry, country=country)
    result = _ingest_and_announce(name, backfill_since, None, ignore_backoff=ignore_backoff)
    log_outcome(name, result)
    if backfill_failed(result):  # a Failed state, not an exception: one clear line, no traceback in the logs
        return Failed(message=failure_message(name, result, what="back-fill"))
    return result


def backfill_failed(result: dict) -> bool:
    """True when an ingest summary (as a dict) shows nothing could be read: a listing error, or every item failed."""
    if result.get("error"):
        return True
    handled = result.get("new", 0) + result.get("revised", 0) + result.get("unchanged", 0)
    return result.get("failed", 0) > 0 and handled == 0


def failure_message(name: str, result: dict, *, what: str = "ingest") -> str:
    """'ingest of 'x' failed: <error or first failure>' for a failed ingest summary (as a dict)."""
    return f"{what} of {name!r} failed: " + (
        result.get("error") or f"all {result['failed']} releases failed; first: {result['failures'][0]}")


def enabled_source_names() -> list[str]:
    """Enabled sources: those in config, then enabled ad hoc sources registered in the database."""
    from pipeline import source_registry
    from models import db

    with db.session_scope() as session:
        return source_registry.enabled_source_names(session=session)
