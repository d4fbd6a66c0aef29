"""The typed pieces of a source entry: CSS selectors, cron schedules, time zones, the listing and article maps.

Each is a pydantic type whose check runs once, when sources.yaml (or an ad hoc source) is read.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

from cronsim import CronSim, CronSimError
from pydantic import AfterValidator, ConfigDict, StrictStr
from typing_extensions import TypedDict
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sources.html_tree import UnsupportedSelector, check_selector
from config.field_types import Regex

NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def _css(css: str) -> str:
    if not css.strip():
        raise ValueError("must be a non-empty CSS selector")
    try:
        check_selector(css)
    except UnsupportedSelector as exc:
        raise ValueError(f"is not a valid CSS selector: {css!r}") from exc
    return css



def _cron(expr: str) -> str:
    if len(expr.split()) != 5:
        raise ValueError(f"must be a five-field cron expression, got {expr!r}")
    try:
        CronSim(expr, datetime(2026, 1, 1))
    except CronSimError as exc:
        raise ValueError(f"is not a valid cron expression ({exc}): {expr!r}") from exc
    return expr


def _http_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"must be an absolute http(s) URL, got {url!r}")
    return url


def check_timezone(name: str) -> str:
    """``name`` if it is a known IANA time zone (or empty: the default applies); ValueError otherwise."""
    if not name:
        return name
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"is not a known IANA time zone: {name!r}") from exc
    return name


def _non_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("is required (a non-empty string)")
    return text


CssSelector = Annotated[StrictStr, AfterValidator(_css)]
Cron = Annotated[StrictStr, AfterValidator(_cron)]
HttpUrl = Annotated[StrictStr, AfterValidator(_http_url)]
TimeZoneName = Annotated[StrictStr, AfterValidator(check_timezone)]
Text = Annotated[StrictStr, AfterValidator(_non_blank)]


class ListingSelectors(TypedDict, total=False):
    """``selectors:`` — the listing page; a plain dict once validated."""
    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]

    item: CssSelector
    link: CssSelector
    title: CssSelector
    date: CssSelector
    group_date: CssSelector
    next: CssSelector


class ArticleSelectors(TypedDict, total=False):
    """``article:`` — release pages; a plain dict once validated. ``date_from_url`` is a regex."""
    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]

    title: CssSelector
    date: CssSelector
    body: CssSelector
    drop: list[CssSelector]
    content_type: CssSelector
    date_from_url: Regex
