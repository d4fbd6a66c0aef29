"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds to listing items, refusing entity tricks before feedparser sees them."""
from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone, tzinfo
from html import unescape
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from sources.dates import local_date, parse_date
from sources.encoding import decode
from sources.errors import SiteChanged
from sources.links import absolute_url
from sources.parse_budget import DEFAULT_BUDGET, ParseBudget
from sources.release import Listing, ListingItem

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_TAGS = re.compile(r"<[^>]+>")


def check_safe_xml(body: bytes, *, url: str) -> None:
    """Raise SiteChanged for a feed that declares entities or external references (billion laughs, XXE).

    A feed that is merely malformed passes: feedparser's lenient parser reads it without expanding anything.
    """
    if _ENTITY_DECL.search(body):
        raise SiteChanged("feed declares XML entities; refused", url=url)
    try:
        safe_fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SiteChanged(f"feed uses forbidden XML constructs ({type(exc).__name__}); refused", url=url) from exc
    except (ParseError, ValueError):
        pass


def parse_feed(body: bytes, *, url: str, lang: str = "", content_type: str | None = None,
               fetched_on: date | None = None, tz: tzinfo = timezone.utc,
               budget: ParseBudget = DEFAULT_BUDGET) -> Listing:
    """Items of an RSS, RDF or Atom feed, newest first as the feed gives them.

    `lang` is the source's language, used when the feed does not say; `tz` the site's time zone:
    an item's date is its timestamp's calendar date there. An entry with no link is not an item but
    a line in `Listing.problems`. Raises SiteChanged when the body is not a feed at all (an HTML
    error page, a moved URL) or is unsafe XML; ParseBudgetExceeded (a SiteChanged) when it nests
    deeper, holds more elements or takes longer than `budget`.
    """
    meter = budget.start(url)
    check_safe_xml(body, url=url)
    meter.check_xml(body)
    parsed = _feedparser(body, content_type)
    meter.check_time()
    if not parsed.get("version") and not parsed.entries:
        raise SiteChanged("not an RSS, RDF or Atom feed", url=url)
    feed_lang = _short_lang(parsed.feed.get("language", "")) or (lang if lang != "auto" else "")
    items, problems = [], []
    for entry in parsed.entries:
        link = _entry_link(entry, base=url)
        if not link:
            problems.append(f"entry without a link skipped: {_plain(entry.get('title', ''))[:80]!r}")
            continue
        items.append(ListingItem(
            url=link,
            title=_plain(entry.get("title", "")),
            published=_entry_date(entry, fetched_on, tz),
            lang=_short_lang(entry.get("language", "")) or feed_lang,
            summary=_plain(entry.get("summary", "")),
            content=_plain(" ".join(c.get("value", "") for c in entry.get("content", []))),
        ))
    if parsed.entries and not items:
        raise SiteChanged("feed entries carry no links", url=url)
    return Listing(items=items, next_url=_next_link(parsed, base=url), problems=problems)


def _feedparser(body: bytes, content_type: str | None):
    # Decode ourselves (labels lie), then hand feedparser UTF-8 as a stream: given a str it would
    # treat it as a URL or a file name and open it.
    text = _XML_DECL.sub("", decode(body, content_type).lstrip("\ufeff"), count=1)
    return feedparser.parse(io.BytesIO(text.encode("utf-8")), sanitize_html=False, resolve_relative_uris=False,
                            response_headers={"content-type": "application/xml; charset=utf-8"})


def _entry_link(entry, *, base: str) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return absolute_url(base, link["href"])
    href = (entry.get("link") or entry.get("id") or "").strip()
    return absolute_url(base, href) if href.startswith(("http", "/")) else None


def _entry_date(entry, fetched_on: date | None, tz: tzinfo) -> date | None:
    # The raw timestamp keeps its offset; feedparser's *_parsed values are already shifted to UTC.
    for key in ("published", "updated", "created", "dc_date", "date"):
        found = local_date(str(entry.get(key) or ""), tz)
        if found:
            return found
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime(*value[:6]).replace(tzinfo=timezone.utc).astimezone(tz).date()
            except (TypeError, ValueError):
                continue
    for key in ("published", "updated", "dc_date", "date"):
        found = parse_date(str(entry.get(key) or ""), reference=fetched_on)
        if found:
            return found
    return None


def _next_link(parsed, *, base: str) -> str | None:
    for link in parsed.feed.get("links", []):
        if link.get("rel") == "next" and link.get("href"):
            return absolute_url(base, link["href"])
    return None


def _plain(value: str) -> str:
    return " ".join(unescape(_TAGS.sub(" ", value or "")).split())


def _short_lang(value: str) -> str:
    return (value or "").strip().lower().split("-")[0][:2]
