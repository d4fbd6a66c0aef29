"""kantei_news_ja: the Prime Minister's Office of Japan: an RSS 2.0 feed at index-jnews.rdf, dates in +0900."""
from datetime import date

import pytest

from tests.support.source_fixtures import FETCHED_ON, assert_drift_fails, listing, release, source
from sources.errors import SiteChanged
from sources.parse import parse_listing

NAME = "kantei_news_ja"
SUMMIT = "/jp/105/actions/202603/06canada.html"


def test_feed_items():
    assert len(listing(NAME).items) == 4


def test_feed_dates():
    assert [i.published for i in listing(NAME).items] == [
        date(2026, 9, 10), date(2026, 7, 2), date(2026, 3, 6), date(2025, 11, 22)]


def test_item_just_after_midnight_in_tokyo_keeps_the_japanese_date():
    # 02 Jul 2026 00:30:00 +0900 is 1 July in UTC.
    assert listing(NAME).items[1].url.endswith("/202607/02canada.html")
    assert listing(NAME).items[1].published == date(2026, 7, 2)


def test_item_with_an_empty_link_is_reported():
    assert len(listing(NAME).problems) == 1 and "新着情報の掲載について" in listing(NAME).problems[0]


def test_items_take_the_feed_language():
    assert {i.lang for i in listing(NAME).items} == {"ja"}


def test_title():
    assert release(NAME, SUMMIT).title == "日・カナダ首脳会談等"


def test_published():
    assert release(NAME, SUMMIT).published == date(2026, 3, 6)


def test_body_without_photo_caption_or_share_links():
    body = release(NAME, SUMMIT).body
    assert "会談に臨む" not in body and "シェア" not in body


def test_html_instead_of_feed_fails_loudly():
    cfg = source(NAME)
    with pytest.raises(SiteChanged):
        parse_listing(cfg, b"<html><body><h1>Maintenance</h1></body></html>", url=cfg.url, fetched_on=FETCHED_ON)


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, SUMMIT, b'id="main-container"', b'id="wrapper"')
