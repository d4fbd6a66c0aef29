"""Hostile bytes never crash parsing: it returns, or raises our own SiteChanged."""
from datetime import date

from hypothesis import HealthCheck, given, settings, strategies as st

from sources.config import load_sources
from sources.errors import SiteChanged
from sources.parse import parse_article, parse_listing

SOURCES = load_sources()
FRAGMENTS = st.sampled_from([b"<html>", b"<body>", b"<h1>", b"</h1>", b"<p>", b"<a href='/x.html'>", b"</a>",
                             b"<?xml version='1.0'?>", b"<rss version='2.0'>", b"<item>", b"<link>", b"<feed>",
                             b"\x82\xa0", b"\xa4\xa2", b"\xe3\x81\x82", b"<!ENTITY", b"]]>", b"&amp;", b"&#0;",
                             b"\x00", "令和元年5月1日".encode(), b"March 6, 2026", b"<main>", b"#maincontents"])
BODIES = st.one_of(st.binary(max_size=3000), st.lists(FRAGMENTS, max_size=60).map(b"".join))
SLOW_OK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW_OK
@given(st.sampled_from(SOURCES), BODIES)
def test_parse_listing_returns_or_raises_site_changed(cfg, body):
    try:
        listing = parse_listing(cfg, body, url=cfg.url, fetched_on=date(2026, 11, 27))
    except SiteChanged:
        return
    assert all(item.url.startswith("http") for item in listing.items)


@SLOW_OK
@given(st.sampled_from(SOURCES), BODIES, st.one_of(st.none(), st.sampled_from(["text/html; charset=utf-8", "x; charset=bogus"])))
def test_parse_article_returns_or_raises_site_changed(cfg, body, content_type):
    try:
        release = parse_article(cfg, body, url=cfg.url, content_type=content_type)
    except SiteChanged:
        return
    assert release.title and release.body
