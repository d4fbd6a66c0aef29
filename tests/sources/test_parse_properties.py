"""Whatever bytes a site serves, parsing returns something that holds its promises, or raises SiteChanged.

Promises: every item and release has an absolute http(s) URL; every date lies between 1990 and a year
after the fetch; a release has a title and a non-empty body. Bytes are drawn two ways: hostile soup
(random bytes and markup fragments) and well-formed pages whose parts vary (links of every kind,
dates near and far), so the successful path is exercised too, not only the refusals.
"""
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from sources.config import load_sources, source_from_dict
from sources.errors import SiteChanged
from sources.parse import parse_article, parse_listing

FETCHED = date(2026, 11, 27)
OLDEST = date(1990, 1, 1)
GENERIC = source_from_dict("sample_generic", {"ministry": "Sample", "country": "JP", "language": "auto",
                                              "kind": "html-listing", "url": "https://www.example.go.jp/press/"})
SOURCES = load_sources() + [GENERIC]
FRAGMENTS = st.sampled_from([b"<html>", b"<body>", b"<h1>", b"</h1>", b"<p>", b"<a href='/x.html'>", b"</a>",
                             b"<?xml version='1.0'?>", b"<rss version='2.0'>", b"<item>", b"<link>", b"<feed>",
                             b"\x82\xa0", b"\xa4\xa2", b"\xe3\x81\x82", b"<!ENTITY", b"]]>", b"&amp;", b"&#0;",
                             b"\x00", "令和元年5月1日".encode(), b"March 6, 2026", b"<main>", b"#maincontents"])
SOUP = st.one_of(st.binary(max_size=3000), st.lists(FRAGMENTS, max_size=60).map(b"".join))
HREFS = st.sampled_from(["/press/a.html", "b.html", "../c.html", "https://www.example.go.jp/d.html",
                         "//www.example.go.jp/e.html", "mailto:press@example.go.jp", "javascript:void(0)",
                         "ftp://example.go.jp/f", "#top", "", "http://[::1", "data:text/html,x", " /g.html "])
DATES = st.sampled_from(["2026年3月6日", "令和8年3月6日", "March 6, 2026", "6 mars 2026", "2026-03-06",
                         "1887年1月1日", "明治20年1月1日", "March 6, 2999", "2031-01-01", "July 7", "7月7日",
                         "0001-01-01", "9999-12-31", ""])
WORDS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40)


@st.composite
def pages(draw) -> bytes:
    links = "".join(f"<li><span>{draw(DATES)}</span> <a href='{draw(HREFS)}'>{draw(WORDS)}</a></li>"
                    for _ in range(draw(st.integers(0, 6))))
    paragraphs = "".join(f"<p>{draw(WORDS)} {draw(DATES)}</p>" for _ in range(draw(st.integers(0, 8))))
    html = (f"<html><head><link rel='canonical' href='{draw(HREFS)}'><title>{draw(WORDS)}</title></head><body>"
            f"<div id='maincontents'><h1>{draw(WORDS)}</h1><p class='date'>{draw(DATES)}</p>{paragraphs}"
            f"<ul>{links}</ul></div></body></html>")
    return html.encode("utf-8")


BODIES = st.one_of(SOUP, pages())
SLOW_OK = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def absolute_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def sane(day: date | None) -> bool:
    return day is None or OLDEST <= day <= FETCHED + timedelta(days=366)


@SLOW_OK
@given(st.sampled_from(SOURCES), BODIES)
def test_listing_items_have_absolute_urls_and_sane_dates(cfg, body):
    try:
        listing = parse_listing(cfg, body, url=cfg.url, fetched_on=FETCHED)
    except SiteChanged:
        event("refused")
        return
    event("parsed")
    for item in listing.items:
        assert absolute_http(item.url), item
        assert sane(item.published), item
    assert listing.next_url is None or absolute_http(listing.next_url)


@SLOW_OK
@given(st.sampled_from(SOURCES), BODIES,
       st.one_of(st.none(), st.sampled_from(["text/html; charset=utf-8", "x; charset=bogus"])))
def test_releases_have_a_title_a_body_an_absolute_url_and_a_sane_date(cfg, body, content_type):
    try:
        release = parse_article(cfg, body, url=cfg.url, content_type=content_type, fetched_on=FETCHED)
    except SiteChanged:
        event("refused")
        return
    event("parsed")
    assert release.title.strip() and release.body.strip()
    assert absolute_http(release.canonical_url), release.canonical_url
    assert sane(release.published), release.published


def test_the_generated_pages_do_parse_sometimes():
    """Guards the two tests above against only ever seeing refusals."""
    page = ("<html><body><div id='maincontents'><h1>Sample title</h1><p class='date'>2026年3月6日</p>"
            + "<p>" + "Sample paragraph written for Roadmap Monitor tests. " * 6 + "</p>"
            + "<ul><li><span>2026-03-06</span> <a href='/press/a.html'>Sample meeting on critical minerals</a>"
            + "</li></ul>"
            + "</div></body></html>")
    release = parse_article(GENERIC, page.encode(), url=GENERIC.url, fetched_on=FETCHED)
    listing = parse_listing(GENERIC, page.encode(), url=GENERIC.url, fetched_on=FETCHED)
    assert release.body and listing.items and absolute_http(listing.items[0].url)


@pytest.mark.parametrize("published", ["1887年1月1日", "March 6, 2999"])
def test_an_implausible_date_is_left_out_rather_than_stored(published):
    page = (f"<html><body><main><h1>Sample title</h1><p class='date'>{published}</p>"
            + "<p>" + "Sample paragraph written for Roadmap Monitor tests. " * 6 + "</p></main></body></html>")
    assert parse_article(GENERIC, page.encode(), url=GENERIC.url, fetched_on=FETCHED).published is None


def test_a_bug_of_ours_is_not_reported_as_a_changed_site(monkeypatch):
    import sources.parse as parse

    def broken(*args, **kwargs):
        raise KeyError("a bug in our listing parser")

    monkeypatch.setattr(parse, "parse_html_listing", broken)
    with pytest.raises(KeyError):
        parse_listing(GENERIC, b"<html><body><a href='/a.html'>x</a></body></html>", url=GENERIC.url)


def test_markup_nested_deeper_than_the_stack_is_a_changed_site():
    body = b"<html><body>" + b"<div>" * 100_000 + b"<p>x</p></body></html>"
    try:
        parse_article(GENERIC, body, url=GENERIC.url, fetched_on=FETCHED)
    except SiteChanged:
        pass  # refused as the site's doing; returning a release is fine too, crashing is not
