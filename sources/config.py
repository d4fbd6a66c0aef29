"""Sources as data: one `SourceConfig` per entry of ``config/sources.yaml`` (the key is the source's name)."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from sources.errors import SourceConfigError
from sources.html_tree import UnsupportedSelector, check_selector
from sources.request_settings import check_request

KINDS = ("rss", "atom", "rdf", "html-listing", "canada-news-api")
FEED_KINDS = ("rss", "atom", "rdf", "canada-news-api")  # one conditional GET tells whether anything is new
# Default schedules, fresh by default: a feed or API every 10 minutes (a release queued within ~15), a listing hourly.
FEED_SCHEDULE, LISTING_SCHEDULE = "*/10 * * * *", "0 * * * *"
COUNTRIES = ("JP", "CA")
LANGUAGES = ("ja", "en", "fr", "auto")
LISTING_KEYS = {"item", "link", "title", "date", "group_date", "next"}
ARTICLE_KEYS = {"title", "date", "body", "drop", "content_type", "date_from_url"}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# A source's calendar: feed timestamps become dates in this zone. Per entry `timezone:` overrides it.
DEFAULT_TIMEZONES = {"JP": "Asia/Tokyo", "CA": "America/Toronto"}


@dataclass(frozen=True)
class SourceConfig:
    """One source. `selectors` describe its listing page, `article` its release pages (CSS selectors).

    `silent_after_days` (optional): days without a new document after which the source is reported
    silent (`roadmap.source.silent`, the digest); unset, the default of 21 days applies.
    `unhealthy_after` (optional): failed runs in a row before the source is reported unhealthy;
    unset, the setting ``ROADMAP_UNHEALTHY_AFTER_FAILURES`` (3) applies.
    `timezone` (IANA name): the site's local calendar, in which its dates are read; unset, the
    country's default (DEFAULT_TIMEZONES).
    """
    name: str
    ministry: str
    country: str
    language: str
    kind: str
    url: str
    schedule: str = "0 * * * *"
    politeness: float = 1.0
    selectors: dict[str, str] = field(default_factory=dict)
    article: dict[str, Any] = field(default_factory=dict)
    adapter: str | None = None
    content_type: str = "news-release"
    max_pages: int = 20
    enabled: bool = True
    silent_after_days: float | None = None
    timezone: str = ""
    request: dict[str, Any] = field(default_factory=dict)  # headers, http2: see sources.request_settings
    unhealthy_after: int | None = None  # failed runs in a row before unhealthy; unset: the setting's default

    def __post_init__(self) -> None:
        if not self.timezone:
            object.__setattr__(self, "timezone", DEFAULT_TIMEZONES.get(self.country, "UTC"))

    @property
    def tz(self) -> ZoneInfo:
        """The source's time zone (validated when the config is loaded)."""
        return ZoneInfo(self.timezone)

    def rebased(self, base_url: str) -> SourceConfig:
        """This source with its URL's scheme and host replaced by those of `base_url` (tests, the demo)."""
        return dataclasses.replace(self, url=rebase_url(self.url, base_url))


def rebase_url(url: str, base_url: str) -> str:
    """`url` with scheme and host (and port) taken from `base_url`; path and query kept."""
    parts, base = urlsplit(url), urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))


def load_sources(path: str | Path | None = None) -> list[SourceConfig]:
    """Read and validate the sources file (default: settings' `sources_file`).

    Raises SourceConfigError naming the entry and the field at fault.
    """
    if path is None:
        from config.settings import get_settings

        path = get_settings().sources_file
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SourceConfigError(f"cannot read sources file {path}: {exc}") from exc
    entries = (data or {}).get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise SourceConfigError(f"{path}: expected a mapping `sources:` of name -> entry")
    return [source_from_dict(name, entry) for name, entry in entries.items()]


def source_from_dict(name: str, entry: Any) -> SourceConfig:
    """Build and validate one source from its config mapping (also used for ad hoc sources)."""
    def fail(fld: str, why: str) -> SourceConfigError:
        return SourceConfigError(f"source {name!r}: field {fld!r} {why}")

    if not isinstance(name, str) or not _NAME.match(name):
        raise fail("name", "must be lower_snake_case letters, digits and underscores")
    if not isinstance(entry, dict):
        raise fail("(entry)", "must be a mapping")
    allowed = {f.name for f in dataclasses.fields(SourceConfig)}
    for key in entry:
        if key not in allowed:
            raise fail(key, "is not a known field")
    if entry.get("name", name) != name:
        raise fail("name", f"is {entry['name']!r} but the entry's key is {name!r}")
    for key in ("ministry", "country", "language", "kind", "url"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise fail(key, "is required (a non-empty string)")
    _check_choice(entry, "country", COUNTRIES, fail)
    _check_choice(entry, "language", LANGUAGES, fail)
    _check_choice(entry, "kind", KINDS, fail)
    url = urlsplit(entry["url"])
    if url.scheme not in ("http", "https") or not url.hostname:
        raise fail("url", f"must be an absolute http(s) URL, got {entry['url']!r}")
    schedule = entry.get("schedule", FEED_SCHEDULE if entry["kind"] in FEED_KINDS else LISTING_SCHEDULE)
    if not isinstance(schedule, str) or len(schedule.split()) != 5:
        raise fail("schedule", "must be a five-field cron expression")
    politeness = entry.get("politeness", SourceConfig.politeness)
    if isinstance(politeness, bool) or not isinstance(politeness, (int, float)) or politeness < 0:
        raise fail("politeness", "must be a number of seconds >= 0")
    max_pages = entry.get("max_pages", SourceConfig.max_pages)
    if isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1:
        raise fail("max_pages", "must be an integer >= 1")
    selectors = _check_mapping(entry, "selectors", LISTING_KEYS, fail)
    article = _check_mapping(entry, "article", ARTICLE_KEYS, fail)
    if "date_from_url" in article:
        try:
            re.compile(article["date_from_url"])
        except (re.error, TypeError) as exc:
            raise fail("article.date_from_url", f"is not a regular expression: {exc}") from exc
    adapter = entry.get("adapter")
    if adapter is not None:
        from sources.adapters import ADAPTERS

        if adapter not in ADAPTERS:
            raise fail("adapter", f"is {adapter!r}; known adapters: {', '.join(sorted(ADAPTERS))}")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail("enabled", "must be true or false")
    silent_after = entry.get("silent_after_days")
    if silent_after is not None and (isinstance(silent_after, bool) or not isinstance(silent_after, (int, float))
                                     or silent_after <= 0):
        raise fail("silent_after_days", "must be a number of days > 0")
    unhealthy_after = entry.get("unhealthy_after")
    if unhealthy_after is not None and (isinstance(unhealthy_after, bool) or not isinstance(unhealthy_after, int)
                                        or unhealthy_after < 1):
        raise fail("unhealthy_after", "must be an integer >= 1 (failed runs in a row)")
    timezone = entry.get("timezone", "")
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
            raise fail("timezone", f"is not a known IANA time zone: {timezone!r}") from exc
    return SourceConfig(
        name=name, ministry=entry["ministry"], country=entry["country"], language=entry["language"],
        kind=entry["kind"], url=entry["url"], schedule=schedule, politeness=float(politeness),
        selectors=selectors, article=article, adapter=adapter,
        content_type=str(entry.get("content_type", SourceConfig.content_type)),
        max_pages=max_pages, enabled=enabled,
        silent_after_days=float(silent_after) if silent_after is not None else None, timezone=timezone,
        request=check_request(entry.get("request"), fail), unhealthy_after=unhealthy_after,
    )


def _check_choice(entry, key, choices, fail) -> None:
    if entry[key] not in choices:
        raise fail(key, f"is {entry[key]!r}; expected one of {', '.join(choices)}")


def _check_mapping(entry, key, allowed, fail) -> dict:
    value = entry.get(key) or {}
    if not isinstance(value, dict):
        raise fail(key, "must be a mapping")
    for sub, sel in value.items():
        if sub not in allowed:
            raise fail(f"{key}.{sub}", f"is not known; expected one of {', '.join(sorted(allowed))}")
        if sub == "drop":
            if not isinstance(sel, list) or not all(isinstance(s, str) for s in sel):
                raise fail(f"{key}.drop", "must be a list of CSS selectors")
        elif not isinstance(sel, str) or not sel.strip():
            raise fail(f"{key}.{sub}", "must be a non-empty string")
        for css in (sel if sub == "drop" else [] if sub == "date_from_url" else [sel]):
            try:
                check_selector(css)
            except UnsupportedSelector as exc:
                raise fail(f"{key}.{sub}", f"is not a valid CSS selector: {css!r}") from exc
    return dict(value)
