"""Adapters: the little code a site needs when selectors can't say it. One small class per module.

Contract: an adapter may define `listing_urls(cfg, since) -> list[str]` (which URLs to read for a
back-fill) and `fix_release(cfg, release, item) -> ParsedRelease` (correct what the selectors
got wrong). Missing methods fall back to the declarative behaviour.
"""
from __future__ import annotations

from sources.adapters.canada_news_api import CanadaNewsApi

ADAPTERS: dict[str, type] = {
    "canada_news_api": CanadaNewsApi,
}


def get_adapter(name: str | None):
    """The adapter instance registered under `name`, or None."""
    return ADAPTERS[name]() if name else None
