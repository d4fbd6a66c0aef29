"""Listing behaviour of single sources that their golden files cannot show: pages read on another day, edited
copies of a recorded listing, back-fill URLs and a listing that is not what was configured."""
from __future__ import annotations

from datetime import date

import pytest

from sources.errors import SiteChanged
from sources.parse import listing_urls, parse_listing
from tests.support.source_fixtures import FETCHED_ON, page, source


def test_mofa_archive_page_is_dated_by_its_month_even_read_much_later():
    url = "https://www.mofa.go.jp/mofaj/press/release/7_10_index.html"
    cfg = source("mofa_press_ja")
    older = parse_listing(cfg, page("mofa_press_ja", url), url=url, fetched_on=date(2027, 6, 1))
    assert older.items[0].published == date(2025, 10, 2) and older.next_url is None


def test_mofa_item_without_a_date_heading_is_still_listed():
    cfg = source("mofa_press_ja")
    recorded = page("mofa_press_ja", cfg.url)
    body = recorded.replace('<dt class="list-title">11月20日付</dt>'.encode(), b"")
    assert body != recorded
    items = parse_listing(cfg, body, url=cfg.url, fetched_on=FETCHED_ON).items
    assert len(items) == 1 and items[0].published is None


def test_meti_back_fill_goes_to_this_months_archive_then_the_month_before():
    cfg = source("meti_press_listing_ja")
    archive = "https://www.meti.go.jp/press/archive_202601.html"
    body = ('<ul class="clearfix float_li"><li class="clearfix"><div class="left txt_box"><p>2026年1月9日</p>'
            '<a class="cut_txt" href="/press/2026/01/20260109001.html">x</a></div></li></ul>').encode()
    older = parse_listing(cfg, body, url=archive)
    assert older.items[0].published == date(2026, 1, 9)
    assert older.next_url == "https://www.meti.go.jp/press/archive_202512.html"


def test_canada_news_back_fill_uses_the_api_date_filter():
    url = listing_urls(source("gac_news_en"), since=date(2025, 1, 1))[0]
    assert "publishedDate%3E=2025-01-01" in url and "pick=1000" in url


def test_kantei_html_instead_of_feed_fails_loudly():
    cfg = source("kantei_news_ja")
    with pytest.raises(SiteChanged):
        parse_listing(cfg, b"<html><body><h1>Maintenance</h1></body></html>", url=cfg.url, fetched_on=FETCHED_ON)
