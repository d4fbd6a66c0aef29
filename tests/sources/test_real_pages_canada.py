"""The Canadian sources' parsers on the real pages in ../shared/real-pages/canada/ (facts from its SOURCES.md).

Expected titles and item lists are read from the real files themselves with a plain XML/HTML reader, so no
release text is copied here; the facts asserted are the ones SOURCES.md states (template, dates, URLs).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import lxml.html
import pytest

from tests.support.source_fixtures import source
from sources.parse import parse_article, parse_listing
from tests.support.shared_material import SHARED_DIR

# The shared folder sits beside the clone; ROADMAP_SHARED_DIR names it when the clone is elsewhere (a worktree).
SHARED = SHARED_DIR
CANADA = SHARED / "real-pages" / "canada"
RELEASE = "ircc_news_release_2025-03-20_EXCERPT.html"
API_FEED = "api_io_agriculture_2025-09-25_EXCERPT.xml"
WEB_FEED = "canada_news_webfeed_manitoba_2018-10-25_EXCERPT.xml"
RELEASE_URL = "https://www.canada.ca/en/immigration-refugees-citizenship/news/2025/03/release.html"
ATOM = "{http://www.w3.org/2005/Atom}"
# Every canada.ca department (GAC, DND, NRCan...) shares the template and the Atom feed: each CA source parses them.
CANADA_SOURCES = ("gac_news_en", "dnd_news_en", "nrcan_news_en")


def real(name: str) -> bytes:
    path = CANADA / name
    if not path.is_file():
        pytest.skip("../shared/real-pages not present")
    return path.read_bytes()


def atom_entries(body: bytes) -> list[dict]:
    """Link, title and the local calendar day of <updated> of each entry, read with ElementTree."""
    out = []
    for entry in ET.fromstring(body).iter(f"{ATOM}entry"):
        out.append({"url": entry.find(f"{ATOM}link").get("href"), "title": entry.findtext(f"{ATOM}title"),
                    "day": date.fromisoformat(entry.findtext(f"{ATOM}updated")[:10])})
    return out


@pytest.fixture(scope="module", params=CANADA_SOURCES)
def released(request):
    body = real(RELEASE)
    return parse_article(source(request.param), body, url=RELEASE_URL, fetched_on=date(2025, 3, 21)), body


def test_release_title_is_the_h1_without_byline_or_type(released):
    got, body = released
    h1 = lxml.html.fromstring(body).xpath("//h1[@id='wb-cont']")[0].text_content()
    assert got.title == " ".join(h1.split())


def test_release_date_from_the_dateline_when_no_meta(released):
    assert released[0].published == date(2025, 3, 20)


def test_release_content_type_from_its_heading(released):
    assert released[0].content_type == "news-release"


def test_release_body_starts_with_the_dateline(released):
    assert released[0].body.startswith("March 20, 2025—Ottawa—")


def test_release_body_keeps_quotes_but_not_byline_teaser_or_trailers(released):
    got, body = released
    teaser = lxml.html.fromstring(body).xpath("//p[contains(@class, 'teaser')]")[0].text_content().strip()
    assert "Quotes" in got.body and "Minister of Immigration" in got.body
    assert teaser not in got.body and "From:" not in got.body
    assert "Quick facts" not in got.body and "Associated links" not in got.body and "media@" not in got.body


@pytest.mark.parametrize("name", CANADA_SOURCES)
def test_api_feed_items_with_url_title_and_local_date(name):
    body = real(API_FEED)
    cfg = source(name)
    items = parse_listing(cfg, body, url=cfg.url, fetched_on=date(2025, 9, 25)).items
    expected = atom_entries(body)
    assert len(expected) == 3
    assert [(i.url, i.title, i.published) for i in items] == [(e["url"], e["title"], e["day"]) for e in expected]
    assert [i.published for i in items] == [date(2025, 9, 3), date(2025, 8, 1), date(2025, 8, 8)]
    assert all(i.url.startswith("https://www.canada.ca/en/agriculture-agri-food/news/2025/") for i in items)


def test_news_centre_web_feed_items():
    body = real(WEB_FEED)
    cfg = source("gac_news_en")
    items = parse_listing(cfg, body, url="https://www.canada.ca/en/news/web-feeds/manitoba", fetched_on=None).items
    expected = atom_entries(body)
    assert [(i.url, i.title, i.published) for i in items] == [(e["url"], e["title"], e["day"]) for e in expected]
    assert [i.published for i in items] == [date(2018, 10, 19)] + [date(2018, 10, 18)] * 3
