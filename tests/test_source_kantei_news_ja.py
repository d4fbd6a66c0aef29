"""kantei_news_ja: the Prime Minister's Office of Japan, RSS 1.0 / RDF feed."""
from datetime import date

import pytest

from source_fixtures import FETCHED_ON, assert_drift_fails, listing, release, source
from sources.errors import SiteChanged
from sources.parse import parse_listing

NAME = "kantei_news_ja"
SUMMIT = "/jp/104/actions/202603/06canada.html"


def test_rdf_items():
    assert len(listing(NAME).items) == 4


def test_rdf_dc_date():
    assert listing(NAME).items[0].published == date(2026, 3, 6)


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
    assert_drift_fails(NAME, SUMMIT, b'id="contents"', b'id="wrapper"')
