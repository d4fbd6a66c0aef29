"""Plain data passed from parsing to storing: listing items and parsed releases."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ListingItem:
    """One entry of a feed or listing page: where the release is and what the listing says of it."""
    url: str
    title: str = ""
    published: date | None = None
    lang: str = ""
    summary: str = ""
    content: str = ""


@dataclass(frozen=True)
class Listing:
    """The items of one listing page or feed, and the next (older) page for back-fill, if any.

    `problems`: what the page offered that could not become an item (an entry with no link), one
    sentence each, so that nothing is dropped without a word.
    """
    items: list[ListingItem] = field(default_factory=list)
    next_url: str | None = None
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedRelease:
    """One release as text. `content_type` is a slug: news-release, readout, statement, backgrounder…"""
    canonical_url: str
    title: str
    published: date | None
    body: str
    lang: str
    content_type: str
