"""Adapters: the little code a site needs when selectors can't say it. One small class per module.

Contract: an adapter may define `listing_urls(cfg, since) -> list[str]` (which URLs to read for a
back-fill), `listing_reference(url, fetched_on) -> date | None` (the date that year-less dates on
the listing page at `url` are read against), `next_listing_url(url, text, fetched_on) -> str | None`
(the older page a back-fill reads next, when the page has no `next` link: archives) and
`fix_release(cfg, release, item) -> ParsedRelease` (correct what the selectors got wrong). Missing
methods fall back to the declarative behaviour.
"""
from __future__ import annotations

from typing import Protocol

from sources.adapters.canada_news_api import CanadaNewsApi
from sources.adapters.meti_archives import MetiArchives
from sources.adapters.mofa_archives import MofaArchives



class Adapter(Protocol):
    """What every adapter declares; the methods of the contract above are optional."""
    kinds: tuple[str, ...]  # the source kinds it reads (checked when sources.yaml is loaded)


ADAPTERS: dict[str, type[Adapter]] = {
    "canada_news_api": CanadaNewsApi,
    "meti_archives": MetiArchives,
    "mofa_archives": MofaArchives,
}


def get_adapter(name: str | None):
    """The adapter instance registered under `name`, or None."""
    return ADAPTERS[name]() if name else None
