"""What a source makes of one page, and what looks wrong in it: the pure part of ``roadmap sources check``.

``check_page(cfg, body, as_=..., url=...)`` parses a listing, feed or release page as source `cfg` would and
returns a `ListingCheck` or `ArticleCheck` whose ``problems`` name what an operator should look at (items
without a date, relative URLs, a short body...). A page the parser refuses comes back with its error as
the only problem, never as an exception: seeing why is the point of a check.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from sources.config import SourceConfig
from sources.errors import SiteChanged, SourceConfigError
from sources.parse import FEED_KINDS, ListingItem, parse_article, parse_listing

AS_CHOICES = ("listing", "feed", "article")
OLDEST_PLAUSIBLE = date(1990, 1, 1)
FUTURE_SLACK = timedelta(days=2)  # a feed stamped in UTC or a site's clock a little ahead
SHORT_BODY = 200  # characters: a release shorter than this is a title, a caption or a cut page


@dataclass
class ListingCheck:
    source: str
    as_: str
    items: list[ListingItem] = field(default_factory=list)
    next_page: str | None = None
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"source": self.source, "as": self.as_,
                "items": [{"url": i.url, "title": i.title, "published": _iso(i.published)} for i in self.items],
                "next_page": self.next_page, "problems": list(self.problems)}


@dataclass
class ArticleCheck:
    source: str
    url: str
    title: str = ""
    published: date | None = None
    lang: str = ""
    body_chars: int = 0
    content_type: str = ""
    body_start: str = ""
    problems: list[str] = field(default_factory=list)
    as_: str = "article"

    def to_json(self) -> dict:
        return {"source": self.source, "as": self.as_, "url": self.url, "title": self.title,
                "published": _iso(self.published), "lang": self.lang, "body_chars": self.body_chars,
                "problems": list(self.problems)}


def default_as(cfg: SourceConfig) -> str:
    """What a source's own URL serves: a feed or an HTML listing."""
    return "feed" if cfg.kind in FEED_KINDS else "listing"


def check_page(cfg: SourceConfig, body: bytes, *, as_: str, url: str, content_type: str | None = None,
               fetched_on: date | None = None) -> ListingCheck | ArticleCheck:
    """Parse `body` as `as_` (listing, feed or article) of source `cfg`; `url` is the page's address.

    Raises SourceConfigError for an unknown `as_`. Never raises for what the page holds.
    """
    if as_ not in AS_CHOICES:
        raise SourceConfigError(f"--as {as_!r}: expected one of {', '.join(AS_CHOICES)}")
    if as_ == "article":
        return check_article(cfg, body, url=url, content_type=content_type, fetched_on=fetched_on)
    return check_listing(cfg, body, as_=as_, url=url, content_type=content_type, fetched_on=fetched_on)


def check_listing(cfg: SourceConfig, body: bytes, *, as_: str, url: str, content_type: str | None = None,
                  fetched_on: date | None = None) -> ListingCheck:
    """The items of a listing page or feed, with problems: undated items, relative or repeated URLs..."""
    as_cfg = _parsed_as(cfg, as_)
    result = ListingCheck(source=cfg.name, as_=as_)
    try:
        listing = parse_listing(as_cfg, body, url=url, content_type=content_type, fetched_on=fetched_on)
    except SiteChanged as exc:
        result.problems.append(f"layout changed: {exc}")
        return result
    result.items, result.next_page = list(listing.items), listing.next_url
    # What the parser could not make an item of (an entry with no link), then what looks wrong in the items.
    result.problems = list(listing.problems) + listing_problems(result.items, fetched_on=fetched_on)
    return result


def check_article(cfg: SourceConfig, body: bytes, *, url: str, content_type: str | None = None,
                  item: ListingItem | None = None, fetched_on: date | None = None) -> ArticleCheck:
    """The release page as the source reads it, with problems: no date, a short body, another language."""
    result = ArticleCheck(source=cfg.name, url=url)
    try:
        release = parse_article(cfg, body, url=url, content_type=content_type, item=item, fetched_on=fetched_on)
    except SiteChanged as exc:
        result.problems.append(f"layout changed: {exc}")
        return result
    result.url, result.title, result.published = release.canonical_url, release.title, release.published
    result.lang, result.content_type = release.lang, release.content_type
    result.body_chars, result.body_start = len(release.body), release.body[:120]
    if release.published is None:
        result.problems.append("no date found (page, dateline, URL or listing)")
    elif not _plausible(release.published, fetched_on):
        result.problems.append(f"date {release.published.isoformat()} is out of range")
    if len(release.body) < SHORT_BODY:
        result.problems.append(f"short body ({len(release.body)} characters)")
    if cfg.language not in ("auto", release.lang):
        result.problems.append(f"language is {release.lang!r}, the source says {cfg.language!r}")
    return result


def listing_problems(items: list[ListingItem], *, fetched_on: date | None) -> list[str]:
    """What an operator should look at in a listing's items (empty when all is well)."""
    problems = []
    undated = [i for i in items if i.published is None]
    if undated:
        problems.append(f"{len(undated)} of {len(items)} items have no date (first: {undated[0].url})")
    odd = [(i.published, i.url) for i in items if i.published is not None and not _plausible(i.published, fetched_on)]
    if odd:
        problems.append(f"{len(odd)} items dated out of range (first: {odd[0][0].isoformat()} {odd[0][1]})")
    relative = [i.url for i in items if urlsplit(i.url).scheme not in ("http", "https") or not urlsplit(i.url).netloc]
    if relative:
        problems.append(f"{len(relative)} item URLs are not absolute http(s) URLs (first: {relative[0]})")
    untitled = [i.url for i in items if not i.title.strip()]
    if untitled:
        problems.append(f"{len(untitled)} items have no title (first: {untitled[0]})")
    repeated = len(items) - len({i.url for i in items})
    if repeated:
        problems.append(f"{repeated} item URLs are repeated")
    return problems


def _parsed_as(cfg: SourceConfig, as_: str) -> SourceConfig:
    """`cfg` read as a feed or as an HTML listing, whatever its own kind (an operator may check either)."""
    if as_ == "feed" and cfg.kind not in FEED_KINDS:
        return cfg.model_copy(update={"kind": "rss"})  # feedparser tells RSS, RDF and Atom apart itself
    if as_ == "listing" and cfg.kind in FEED_KINDS:
        return cfg.model_copy(update={"kind": "html-listing"})
    return cfg


def _plausible(value: date, fetched_on: date | None) -> bool:
    return OLDEST_PLAUSIBLE <= value <= (fetched_on or date.today()) + FUTURE_SLACK


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
