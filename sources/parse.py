"""Parsing facade: which URLs to read for a source, its listing or feed, and its release pages.

Pure functions on bytes: no network, no database. The fetcher calls these with what it downloaded.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

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
            return parse_feed(body, url=url, lang=lang, content_type=content_type, fetched_on=fetched_on,
                              tz=cfg.tz)
        text = decode(body, content_type)
        listing = parse_html_listing(cfg.selectors, text, url=url, lang=lang, fetched_on=fetched_on)
    except SiteChanged:
        raise
    except Exception as exc:  # lxml/soupsieve oddities on hostile bytes: treat as a changed page
        raise SiteChanged(f"listing or feed could not be parsed ({type(exc).__name__})", url=url) from exc
    if listing.next_url is None and adapter is not None and hasattr(adapter, "next_listing_url"):
        listing = replace(listing, next_url=adapter.next_listing_url(url, text, fetched_on))
    return listing


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
    except SiteChanged:
        raise
    except Exception as exc:
        raise SiteChanged(f"release page could not be parsed ({type(exc).__name__})", url=url) from exc
    adapter = get_adapter(cfg.adapter)
    if adapter is not None and hasattr(adapter, "fix_release"):
        release = adapter.fix_release(cfg, release, item)
    return release
