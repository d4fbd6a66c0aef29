"""``roadmap sources check``: what a source makes of a page (saved or live), and ``--all``, a live health table.

Like Scrapy's ``parse`` command: an operator points a source's parser at a page and sees every item or the
release as the source would store it, with the problems worth a look. Exit code 0 when nothing looks
wrong, 1 when a page (or, with --all, a source) has problems, 2 for bad input.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from cli.errors import user_error
from cli.sources_cmd import BadOption, Format, _output, _parse_date
from sources.check import AS_CHOICES, ArticleCheck, ListingCheck, check_page, default_as
from sources.config import SourceConfig, load_sources
from sources.errors import SourceError


@user_error
class CheckFailed(RuntimeError):
    """The live page could not be read (blocked, moved, unavailable...)."""


def check(name: str = typer.Argument(None, help="the source to check (its name in config/sources.yaml)"),
          all_: bool = typer.Option(False, "--all", help="live check of every enabled source: a health table"),
          file: Path = typer.Option(None, "--file", help="a saved page to parse instead of fetching the live one"),
          as_: str = typer.Option(None, "--as", help="listing|feed|article (default: what the source's URL serves)"),
          url: str = typer.Option(None, "--url", help="the page's address (default: the source's URL)"),
          fetched: str = typer.Option(None, "--fetched", help="the day the page was served, YYYY-MM-DD "
                                      "(the reference for dates without a year; default: today)"),
          format: Format = typer.Option(Format.table, "--format", help="table or json")) -> None:
    """Parse a page as a source would and show its items or release, with the problems found."""
    fetched_on = _parse_date(fetched, "--fetched") or date.today()
    if as_ is not None and as_ not in AS_CHOICES:
        raise BadOption(f"--as: {as_!r}; expected one of {', '.join(AS_CHOICES)}")
    if all_:
        if name or file or url:
            raise BadOption("--all checks every enabled source live: give no NAME, --file or --url with it")
        _check_all(fetched_on, format)
        return
    if not name:
        raise BadOption("give a source NAME (see `roadmap sources list`), or --all")
    cfg = _source(name)
    as_ = as_ or default_as(cfg)
    if as_ == "article" and not url and not file:
        raise BadOption("--as article needs the release's --url (or a saved page with --file)")
    if file is not None:
        if not file.is_file():
            raise BadOption(f"--file: no such file: {file}")
        page_url = url or (cfg.url if as_ != "article" else file.resolve().as_uri())
        result = check_page(cfg, file.read_bytes(), as_=as_, url=page_url, fetched_on=fetched_on)
    else:
        result = _fetch_and_check(cfg, as_=as_, url=url, fetched_on=fetched_on)
    _show(result, format)
    if result.problems:
        raise SystemExit(1)  # run_cli passes it on as the exit code (typer.Exit is swallowed there)


def _source(name: str) -> SourceConfig:
    sources = {cfg.name: cfg for cfg in load_sources()}
    if name not in sources:
        raise BadOption(f"unknown source {name!r}; configured sources: {', '.join(sorted(sources))}")
    return sources[name]


def _fetch_and_check(cfg: SourceConfig, *, as_: str, url: str | None, fetched_on: date):
    from sources.http import Fetcher
    from sources.live_check import fetch_and_check, reason

    with Fetcher() as fetcher:
        try:
            return fetch_and_check(cfg, fetcher=fetcher, as_=as_, url=url, fetched_on=fetched_on)
        except SourceError as exc:
            raise CheckFailed(f"{cfg.name}: {reason(exc)}") from None


def _check_all(fetched_on: date, format: Format) -> None:
    from sources.http import Fetcher
    from sources.live_check import source_health

    out = _output()
    rows = []
    with Fetcher() as fetcher:
        for cfg in (c for c in load_sources() if c.enabled):
            if format is Format.table:
                out.print(f"checking {cfg.name} …", highlight=False)
            rows.append(source_health(cfg, fetcher=fetcher, fetched_on=fetched_on))
    if format is Format.json:
        typer.echo(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
    else:
        table = Table("source", "verdict", "items", "undated", "first release", "why / problems")
        for r in rows:
            items = str(len(r.listing.items)) if r.listing else "-"
            undated = str(sum(1 for i in r.listing.items if i.published is None)) if r.listing else "-"
            first = (f"{_iso(r.article.published)} {r.article.title[:50]}" if r.article and r.article.title
                     else "-")
            table.add_row(r.source, r.verdict, items, undated, first, r.error or "; ".join(r.problems) or "-")
        out.print(table)
    if any(r.verdict != "ok" for r in rows):
        raise SystemExit(1)  # run_cli passes it on as the exit code (typer.Exit is swallowed there)


def _show(result: ListingCheck | ArticleCheck, format: Format) -> None:
    if format is Format.json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    out = _output()
    if isinstance(result, ListingCheck):
        out.print(f"{result.source} as {result.as_}: {len(result.items)} items; next page: "
                  f"{result.next_page or '-'}", highlight=False)
        table = Table("published", "title", "url")
        for item in result.items:
            table.add_row(_iso(item.published) or "?", item.title, item.url)
        out.print(table)
    else:
        table = Table("field", "value", show_header=False)
        for key, value in (("url", result.url), ("title", result.title), ("published", _iso(result.published)),
                           ("lang", result.lang), ("type", result.content_type),
                           ("body", f"{result.body_chars} characters: {' '.join(result.body_start.split())}")):
            table.add_row(key, value or "?")
        out.print(f"{result.source} as article", highlight=False)
        out.print(table)
    for problem in result.problems:
        out.print(f"problem: {problem}", highlight=False)
    if not result.problems:
        out.print("no problems found", highlight=False)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
