"""Parsing facade: which URLs to read for a source, its listing or feed, and its release pages.

Pure functions on bytes: no network, no database. The fetcher calls these with what it downloaded.

Only what a site can do to us becomes SiteChanged: markup or XML the parser rejects (MARKUP_REJECTED),
unsafe XML, selectors that match nothing. Any other exception is a bug of ours and is raised as it
is, so that its traceback reaches the logs instead of being reported as "the site changed".
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError

from bs4.exceptions import ParserRejectedMarkup
from defusedxml import DefusedXmlException
from lxml.etree import LxmlError

from sources.adapters import get_adapter
from sources.article import parse_html_article
from sources.config import SourceConfig
from sources.encoding import decode
from sources.errors import NotARelease, SiteChanged
from sources.feeds import parse_feed
from sources.listing import parse_html_listing
from sources.pdf_text import is_pdf, parse_pdf_release
from sources.release import Listing, ListingItem, ParsedRelease

__all__ = ["Listing", "ListingItem", "ParsedRelease", "listing_urls", "parse_listing", "parse_article"]
FEED_KINDS = ("rss", "atom", "rdf", "canada-news-api")
# What hostile or broken bytes make the parsers raise; RecursionError: markup nested deeper than
# Python's stack (a tree builder or a walk over it recurses per level).
MARKUP_REJECTED = (ParserRejectedMarkup, LxmlError, ParseError, DefusedXmlException, RecursionError)
# A date outside these bounds is a misreading (an era year, a copyright line, a typo), not a release date.
OLDEST_DATE = date(1990, 1, 1)
FUTURE_SLACK = timedelta(days=366)


def listing_urls(cfg: SourceConfig, *, since: date | None) -> list[str]:
    """The listing or feed URLs to read first. With `since` (a back-fill) an adapter may widen them
    (the Canada News Centre API's date filter); HTML listings are paged on through `Listing.next_url`.
    """
    adapter = get_adapter(cfg.adapter)
    if adapter is not None and hasattr(adapter, "listing_urls"):
        return adapter.listing_urls(cfg, since)
    return [cfg.url]


def parse_listing(cfg: SourceConfig, body: bytes, *, url: str, content_type: str | None = None,
                  fetched_on: date | None = None) -> Listing:
    """Items of a listing page or feed of `cfg`. `fetched_on` resolves dates written without a year.

    Raises SiteChanged (with the URL) when the page is not the feed or listing expected.
    """
    lang = "" if cfg.language == "auto" else cfg.language
    adapter = get_adapter(cfg.adapter)
    if adapter is not None and hasattr(adapter, "listing_reference"):
        fetched_on = adapter.listing_reference(url, fetched_on)
    try:
        if cfg.kind in FEED_KINDS:
            listing = parse_feed(body, url=url, lang=lang, content_type=content_type, fetched_on=fetched_on,
                                 tz=cfg.tz)
        else:
            text = decode(body, content_type)
            listing = parse_html_listing(cfg.selectors, text, url=url, lang=lang, fetched_on=fetched_on)
            if listing.next_url is None and adapter is not None and hasattr(adapter, "next_listing_url"):
                listing = replace(listing, next_url=adapter.next_listing_url(url, text, fetched_on))
    except MARKUP_REJECTED as exc:
        raise SiteChanged(f"listing or feed could not be parsed ({type(exc).__name__}: {exc})", url=url) from exc
    latest = (fetched_on or date.today()) + FUTURE_SLACK
    items = [replace(i, published=_plausible(i.published, latest)) for i in listing.items if _web_url(i.url)]
    return replace(listing, items=items, next_url=listing.next_url if _web_url(listing.next_url) else None)


def parse_article(cfg: SourceConfig, body: bytes, *, url: str, content_type: str | None = None,
                  item: ListingItem | None = None, fetched_on: date | None = None) -> ParsedRelease:
    """One release page (HTML, or a PDF: its text) of `cfg` as a ParsedRelease. `item` (from the listing)
    supplies the date when the page has none, or the year when the page gives only month and day.

    Raises SiteChanged (with the URL) when the layout no longer matches the source's selectors, and
    NotARelease when the response is neither a page nor a PDF (by its content type).
    """
    lang = "" if cfg.language == "auto" else cfg.language
    if is_pdf(body, content_type):
        return parse_pdf_release(body, url=url, lang=lang, default_type=cfg.content_type, item=item,
                                 fetched_on=fetched_on)
    media = (content_type or "").split(";")[0].strip().lower()
    if "/" in media and not media.startswith("text/") and not media.endswith(("html", "/xml", "+xml")):
        raise NotARelease(f"neither a release page nor a PDF ({media}); skipped", url=url)
    try:
        release = parse_html_article(cfg.article, decode(body, content_type), url=url, lang=lang,
                                     default_type=cfg.content_type, item=item, fetched_on=fetched_on)
    except MARKUP_REJECTED as exc:
        raise SiteChanged(f"release page could not be parsed ({type(exc).__name__}: {exc})", url=url) from exc
    adapter = get_adapter(cfg.adapter)
    if adapter is not None and hasattr(adapter, "fix_release"):
        release = adapter.fix_release(cfg, release, item)
    latest = (fetched_on or date.today()) + FUTURE_SLACK
    return replace(release, published=_plausible(release.published, latest),
                   canonical_url=release.canonical_url if _web_url(release.canonical_url) else url)


def _plausible(day: date | None, latest: date) -> date | None:
    return day if day is not None and OLDEST_DATE <= day <= latest else None


def _web_url(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)
