"""Helpers for the per-source tests: the recorded sample pages of each configured source, parsed once."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sources.config import SourceConfig, load_sources
from sources.errors import SiteChanged
from sources.parse import Listing, ParsedRelease, parse_article, parse_listing

SITES = Path(__file__).resolve().parents[2] / "samples" / "sites"
FETCHED_ON = date(2026, 11, 27)  # the frozen "today" of every per-source test


@lru_cache
def source(name: str) -> SourceConfig:
    return next(cfg for cfg in load_sources() if cfg.name == name)


def page(name: str, url: str) -> bytes:
    """The recorded page of source `name` at `url` (the sample site serves its folder as the document root,
    a directory's index.html for an address ending in `/`)."""
    path = SITES / name / urlsplit(url).path.lstrip("/")
    return (path / "index.html" if path.is_dir() else path).read_bytes()


@lru_cache
def listing(name: str) -> Listing:
    cfg = source(name)
    return parse_listing(cfg, page(name, cfg.url), url=cfg.url, fetched_on=FETCHED_ON)


@lru_cache
def listed_items(name: str) -> tuple:
    """The items of the listing and of every older page it leads to (archives) that the sample site has."""
    cfg, found, url = source(name), list(listing(name).items), listing(name).next_url
    while url and (SITES / name / urlsplit(url).path.lstrip("/")).is_file():
        older = parse_listing(cfg, page(name, url), url=url, fetched_on=FETCHED_ON)
        found += older.items
        url = older.next_url
    return tuple(found)


@lru_cache
def release(name: str, url_suffix: str) -> ParsedRelease:
    """The release whose listing URL (on the listing or an older page) ends with `url_suffix`, parsed with
    its listing item."""
    item = next(i for i in listed_items(name) if i.url.endswith(url_suffix))
    return parse_article(source(name), page(name, item.url), url=item.url, item=item, fetched_on=FETCHED_ON)


def all_releases(name: str) -> list[ParsedRelease]:
    return [release(name, item.url) for item in listing(name).items]


def assert_drift_fails(name: str, url_suffix: str, old: bytes, new: bytes) -> None:
    """A release page whose layout changed (`old` markup replaced by `new`) fails loudly, naming the URL."""
    item = next(i for i in listed_items(name) if i.url.endswith(url_suffix))
    body = page(name, item.url)
    assert old in body, "the drift marker must be in the recorded page"
    with pytest.raises(SiteChanged) as caught:
        parse_article(source(name), body.replace(old, new), url=item.url, item=item, fetched_on=FETCHED_ON)
    assert caught.value.url == item.url


def assert_listing_drift_fails(name: str, old: bytes, new: bytes) -> None:
    cfg = source(name)
    body = page(name, cfg.url)
    assert old in body
    with pytest.raises(SiteChanged) as caught:
        parse_listing(cfg, body.replace(old, new), url=cfg.url, fetched_on=FETCHED_ON)
    assert caught.value.url == cfg.url
