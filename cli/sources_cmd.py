"""``roadmap sources add|list|status``, ``roadmap documents`` and ``roadmap run``."""
from __future__ import annotations

import dataclasses
import json
import logging
import sys
from datetime import date, datetime

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from sqlmodel import Session

from cli.errors import user_error
from cli.output_format import Format, write_json
from models import db, sources_repo
from models.documents import list_documents
from sources.errors import SourceError, split_failure

user_error(SourceError)  # every source error carries a message meant for users
console = Console()
PIPED_WIDTH = 1000  # piped tables are as wide as their content (tables do not expand), up to this
log = logging.getLogger("roadmap.run")
sources_app = typer.Typer(help="Sources of press releases: list, health, add one ad hoc.", no_args_is_help=True)


def _engine():
    engine = db.get_engine()
    db.migrate(engine)
    return engine


@user_error
class BadOption(ValueError):
    """An option's value cannot be used (typer's own BadParameter escapes run_cli's handling)."""


def _parse_date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadOption(f"{option}: {value!r} is not a date like 2026-03-06") from None


def _sync_configured(session: Session) -> None:
    from pipeline.adhoc import sync_config_source
    from pipeline.source_registry import configured_sources

    for cfg in configured_sources():
        sync_config_source(session=session, cfg=cfg)


@sources_app.command("add")
def add(name: str = typer.Argument(..., help="lower_snake_case name, used everywhere for this source"),
        url: str = typer.Argument(..., help="the feed or listing page URL"),
        kind: str = typer.Option("auto", help="auto|rss|atom|rdf|html-listing"),
        lang: str = typer.Option("auto", help="auto|ja|en|fr"),
        ministry: str = typer.Option("", help="who publishes it (default: the host name)"),
        country: str = typer.Option("", help="JP|CA (default: guessed from the URL)"),
        backfill: str = typer.Option(None, help="also read its history back to this date (YYYY-MM-DD)")) -> None:
    """Check a new source's URL, show what it holds, register it, and optionally back-fill it."""
    from pipeline.adhoc import register_adhoc_source

    since = _parse_date(backfill, "--backfill")
    if kind not in ("auto", "rss", "atom", "rdf", "html-listing"):
        raise BadOption(f"--kind: {kind!r}; expected auto, rss, atom, rdf or html-listing")
    engine = _engine()
    report = register_adhoc_source(name=name, url=url, kind=kind, lang=lang, ministry=ministry,
                                   country=country, engine=engine)
    how = "detected" if report.kind_detected else "given"
    console.print(f"[bold]{report.name}[/bold]: {report.kind} ({how}), {report.item_count} items on the first page",
                  highlight=False)
    table = Table("published", "title", "url")
    for item in report.items:
        table.add_row(item.published.isoformat() if item.published else "?", item.title[:70], item.url)
    console.print(table)
    for feed in report.feeds_announced:
        console.print(f"note: the page announces a feed, which may be better: {feed}", highlight=False)
    console.print(f"registered source {report.name!r}", highlight=False)
    if since:
        _backfill(report, ministry=ministry, country=country, since=since)


@user_error
class BackfillFailed(RuntimeError):
    """The onboard-source run that back-fills a new source failed (nothing could be read)."""


def _backfill(report, *, ministry: str, country: str, since: date) -> None:
    """Back-fill through the onboard-source flow, so each document is announced (and, under
    ``roadmap serve``, processed at once by the event trigger); raises BackfillFailed if it failed."""
    from flows.onboard import OnboardError, onboard_parameters, run_onboarding

    params = onboard_parameters(name=report.name, url=report.url, kind=report.kind, lang=report.lang,
                                ministry=ministry, country=country, since=since)
    try:
        outcome = run_onboarding(params, on_line=lambda line: console.print(line, highlight=False))
    except OnboardError as exc:
        raise BackfillFailed(str(exc)) from None
    if not outcome.ok:
        raise BackfillFailed(f"back-fill of {report.name!r} ({outcome.state.lower()}): {outcome.message}")
    s = outcome.summary
    if s:
        console.print(f"back-fill of {report.name!r}: fetched {s['fetched']}, new {s['new']}, revised "
                      f"{s['revised']}, unchanged {s['unchanged']}, failed {s['failed']}", highlight=False)
    else:
        console.print(f"back-fill of {report.name!r}: flow run {outcome.flow_run_id} {outcome.state.lower()}"
                      + (f" — {outcome.message}" if outcome.message else ""), highlight=False)


@sources_app.command("list")
def list_(format: Format = typer.Option(Format.table, "--format", help="table or json")) -> None:
    """Every source: configured ones and those added ad hoc."""
    engine = _engine()
    with Session(engine) as session:
        _sync_configured(session)
        rows = [{"name": s.name, "ministry": s.ministry, "country": s.country, "lang": s.lang, "kind": s.kind,
                 "url": s.url, "origin": s.origin, "enabled": s.enabled, "schedule": s.schedule,
                 "healthy": s.healthy} for s in sources_repo.list_sources(session=session)]
    if format is Format.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("name", "ministry", "country", "lang", "kind", "origin", "url")
    for r in rows:
        table.add_row(r["name"], r["ministry"], r["country"], r["lang"], r["kind"], r["origin"], r["url"])
    _output().print(table)


@sources_app.command("status")
def status(format: Format = typer.Option(Format.table, "--format", help="table or json")) -> None:
    """Health of every source: what failed (blocked, moved, layout changed, unavailable), whether it is
    backing off and until when, failures in a row, documents, last runs, and pages that failed lately."""
    engine = _engine()
    with Session(engine) as session:
        _sync_configured(session)
        counts = sources_repo.document_counts(session=session)
        rows = [_status_row(s, counts.get(s.id, 0), sources_repo.recent_runs(session=session, source_id=s.id),
                            sources_repo.recent_page_failures(session=session, source_id=s.id),
                            sources_repo.backing_off_until(session=session, source_id=s.id))
                for s in sources_repo.list_sources(session=session)]
    if format is Format.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    out = _output()
    table = Table("name", "healthy", "failure", "last success", "failures", "next attempt", "documents",
                  "last runs (new)", "last error")
    for r in rows:
        error = split_failure(r["last_error"])[1] or ""
        next_attempt = (f"backing off until {_when(r['backing_off_until'])}" if r["backing_off_until"]
                        else _when(r["next_attempt_at"]))
        table.add_row(r["name"], "yes" if r["healthy"] else "[red]no[/red]", r["failure"] or "-",
                      _when(r["last_success"]), str(r["consecutive_failures"]), next_attempt, str(r["documents"]),
                      " ".join(str(run["new"]) if run["error"] is None else "x" for run in r["recent_runs"]) or "-",
                      error[:80] if out.is_terminal else error)
    out.print(table)
    for r in rows:
        if r["page_failures"]:
            out.print(f"{r['name']}: pages whose last fetch failed (latest {len(r['page_failures'])})", highlight=False)
            for page in r["page_failures"]:
                out.print(f"  {page['failure'] or 'failed'}: {page['url']}", highlight=False)


def _status_row(source, documents: int, runs, page_failures, backing_off_until: datetime | None) -> dict:
    """One source's health as plain JSON-ready values; ``recent_runs`` and ``page_failures`` newest first.

    ``failure`` is what the last failure was (blocked, moved, layout changed: <selector>, unavailable)
    while the source is unhealthy; ``backing_off_until`` is set while runs leave the source alone.
    """
    def iso(value: datetime | None) -> str | None:
        return value.isoformat(timespec="seconds") if value else None

    failure = None if source.healthy else (split_failure(source.last_error)[0] or "failed")
    return {"name": source.name, "healthy": source.healthy, "failure": failure,
            "last_success": iso(source.last_success), "last_error": source.last_error,
            "last_error_at": iso(source.last_error_at), "consecutive_failures": source.consecutive_failures,
            "next_attempt_at": iso(source.next_attempt_at), "backing_off_until": iso(backing_off_until),
            "documents": documents,
            "recent_runs": [{"started_at": iso(r.started_at), "finished_at": iso(r.finished_at),
                             "fetched": r.fetched, "new": r.new, "revised": r.revised, "unchanged": r.unchanged,
                             "failed": r.failed, "error": r.error} for r in runs],
            "page_failures": [{"url": p.url, "failure": split_failure(p.error)[0], "error": p.error,
                               "status": p.status_code, "at": iso(p.fetched_at)} for p in page_failures]}


def _output() -> Console:
    """The console for tables: on a terminal, fit its width; piped, never cut a cell (no width to fit)."""
    if console.is_terminal:
        return console
    return Console(file=console.file, width=PIPED_WIDTH, color_system=None)


def _when(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else "-"


def _check_source_name(session: Session, name: str) -> None:
    """Raises BadOption unless ``name`` is a configured or registered source."""
    from difflib import get_close_matches

    from pipeline.source_registry import known_source_names

    known = known_source_names(session=session)
    if name not in known:
        close = get_close_matches(name, sorted(known), n=1)
        raise BadOption(f"--source: no source named {name!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
                        + "; `roadmap sources list` shows them all")


def documents(source: str = typer.Option(None, "--source", help="only this source's documents"),
              since: str = typer.Option(None, help="published on or after this date (YYYY-MM-DD)"),
              format: Format = typer.Option(Format.table, "--format", help="table or json"),
              limit: int = typer.Option(None, help="at most this many")) -> None:
    """The documents stored, newest first."""
    engine = _engine()
    with Session(engine) as session:
        if source:
            _check_source_name(session, source)
        rows = list_documents(session=session, source=source, since=_parse_date(since, "--since"), limit=limit)
    if format is Format.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("id", "source", "published", "lang", "type", "title")
    for r in rows:
        table.add_row(str(r["id"]), r["source"], r["published"] or "?", r["lang"], r["content_type"], r["title"][:80])
    out = _output()
    out.print(table)
    out.print(f"{len(rows)} documents")


def run(source: list[str] = typer.Option(None, "--source", help="a source to read (repeatable; default: all enabled)"),
        since: str = typer.Option(None, help="back-fill: read each source's history back to this date"),
        ignore_backoff: bool = typer.Option(False, "--ignore-backoff",
                                            help="read sources that are backing off after failures too"),
        format: Format = typer.Option(Format.table, "--format",
                                      help="table, or json: the summaries on stdout, progress on stderr")) -> None:
    """Read sources now and store what is new; ends with a summary per source.

    A source backing off after failures (see `roadmap sources status`) is skipped and said so,
    unless --ignore-backoff."""
    engine = _engine()
    names = list(source or [])
    if not names:
        with Session(engine) as session:
            _sync_configured(session)
            names = [s.name for s in sources_repo.list_sources(session=session) if s.enabled]
    _run_sources(engine, names, _parse_date(since, "--since"), ignore_backoff, as_json=format is Format.json)


def _run_sources(engine, names: list[str], since: date | None, ignore_backoff: bool = False, *,
                 as_json: bool = False) -> None:
    from pipeline.ingest import backoff_message, ingest_source

    summaries = []
    interactive = sys.stdout.isatty() and not as_json
    if not interactive:  # with JSON on stdout, the progress lines go to stderr
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s",
                            stream=sys.stderr if as_json else sys.stdout)
        logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per article is ours already
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console,
                  disable=not interactive) as bar:
        for name in names:
            task = bar.add_task(name, total=None)

            def progress(done: int, total: int, url: str, task=task, name=name) -> None:
                bar.update(task, completed=done, total=total)
                if not interactive:
                    log.info("%s: %d/%d %s", name, done, total, url)

            summary = ingest_source(source_name=name, since=since, engine=engine, progress=progress,
                                    ignore_backoff=ignore_backoff)
            if not summary.fetched:
                bar.update(task, completed=1, total=1)
            if not interactive:
                log.info("%s: fetched %d, new %d, revised %d, unchanged %d, failed %d%s", name, summary.fetched,
                         summary.new, summary.revised, summary.unchanged, summary.failed,
                         f", error: {summary.error}" if summary.error else "")
            summaries.append(summary)
    if as_json:  # the table's counts, the ids stored, the failures
        write_json([dataclasses.asdict(s) for s in summaries])
        return
    table = Table("source", "fetched", "new", "revised", "unchanged", "failed", "error")
    for s in summaries:
        note = f"{backoff_message(s.backing_off_until)} (--ignore-backoff to read it now)" \
            if s.backing_off_until else (s.error or "")[:80]
        table.add_row(s.source, str(s.fetched), str(s.new), str(s.revised), str(s.unchanged), str(s.failed), note)
    console.print(table)


def register(app: typer.Typer) -> None:
    from cli.sources_check_cmd import check

    sources_app.command("check")(check)
    app.add_typer(sources_app, name="sources")
    app.command()(documents)
    app.command()(run)
