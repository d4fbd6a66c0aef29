"""Every Japanese source's parser on the copies of real pages in ../shared/real-pages (see its SOURCES.md).

Asserts the facts seen in those pages: counts, every item dated with the site's local (JST) date,
specific URLs and dates, the MOFA page template's title and era date. Skips where ../shared is absent.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import pytest

from sources.config import load_sources
from sources.parse import Listing, parse_article, parse_listing
from tests.support.shared_material import SHARED_DIR

# The shared folder sits beside the clone; ROADMAP_SHARED_DIR names it when the clone is elsewhere (a worktree).
REAL = SHARED_DIR / "real-pages"
SAVED_ON = date(2026, 8, 20)  # the day the byte-exact copies were saved


def real_page(relative: str) -> bytes:
    path = REAL / relative
    if not path.is_file():
        pytest.skip(f"../shared/real-pages not present ({relative})")
    return path.read_bytes()


@lru_cache
def source(name: str):
    return next(cfg for cfg in load_sources() if cfg.name == name)


def listing(name: str, relative: str, *, url: str | None = None, fetched_on: date = SAVED_ON) -> Listing:
    cfg = source(name)
    return parse_listing(cfg, real_page(relative), url=url or cfg.url, fetched_on=fetched_on)


def by_url(found: Listing) -> dict:
    return {item.url: item for item in found.items}


def date_in_url(url: str) -> date:
    """METI release ids begin with the release day: /press/2026/08/20260817001.html."""
    y, m, d = re.search(r"/(\d{4})(\d{2})(\d{2})\d{3}(?:/|\.html)", url).groups()
    return date(int(y), int(m), int(d))


# MOFA (JA) press-release listing
MOFA_LISTING = "mofa/ja_listing_index_2026-08-20.html"


def test_mofa_listing_has_every_item_dated():
    items = listing("mofa_press_ja", MOFA_LISTING).items
    assert len(items) == 121
    assert all(item.published is not None for item in items)


def test_mofa_listing_dates_come_from_the_year_less_headings():
    items = by_url(listing("mofa_press_ja", MOFA_LISTING))
    assert items["https://www.mofa.go.jp/mofaj/press/release/pressit_000001_04063.html"].published == date(2026, 8, 19)
    assert items["https://www.mofa.go.jp/mofaj/press/release/pressit_000001_04060.html"].published == date(2026, 8, 18)
    assert items["https://www.mofa.go.jp/mofaj/press/release/pressit_000001_03969.html"].published == date(2026, 7, 19)


def test_mofa_listing_keeps_releases_filed_under_region_pages():
    first = listing("mofa_press_ja", MOFA_LISTING).items[0]
    assert (first.url, first.published) == (
        "https://www.mofa.go.jp/mofaj/me_a/me2/sa/pageit_000001_03140.html", date(2026, 8, 19))


def test_mofa_listing_titles_are_the_link_texts():
    items = by_url(listing("mofa_press_ja", MOFA_LISTING))
    assert items["https://www.mofa.go.jp/mofaj/press/release/pressit_000001_04063.html"].title == "駐日ボツワナ共和国大使信任状捧呈"


def test_mofa_english_listing_selectors_read_the_real_listing_template():
    # The English listing is the same template (two public scrapers of it read dl.title-list / dt.list-title /
    # dd ul.link-list); its selectors do not require #pressrelease, and on the real page they find exactly
    # the Japanese listing's items, every one dated by its heading.
    english = listing("mofa_press_en", MOFA_LISTING, url="https://www.mofa.go.jp/mofaj/press/release/index.html")
    japanese = listing("mofa_press_ja", MOFA_LISTING)
    assert [(i.url, i.published) for i in english.items] == [(i.url, i.published) for i in japanese.items]
    assert len(english.items) == 121


def test_mofa_archive_page_takes_its_year_from_its_address():
    # An archive page read long after its month: its year-less headings belong to the archive's year.
    archive = "https://www.mofa.go.jp/mofaj/press/release/7_08_index.html"
    items = listing("mofa_press_ja", MOFA_LISTING, url=archive, fetched_on=date(2026, 11, 1)).items
    assert items[0].published == date(2025, 8, 19)


def test_mofa_page_template_title_and_era_date():
    url = "https://www.mofa.go.jp/mofaj/gaiko/terro/kyoryoku_05.html"
    page = parse_article(source("mofa_press_ja"), real_page("mofa/ja_content_page_kyoryoku_05_TRIMMED.html"),
                         url=url, fetched_on=date(2026, 9, 12))
    assert (page.title, page.published, page.lang) == ("テロ資金対策", date(2026, 9, 10), "ja")
    assert "日本の国際テロ対策協力" not in page.body  # h1.title1: the section name, not the page's
    assert "関連リンク" not in page.body and "令和8年9月10日" not in page.body and "別ウィンドウで開く" not in page.body
    assert len(page.body) > 200


# Kantei feed
KANTEI_FEED = "kantei/index-jnews_2026-08-20.rdf"


def test_kantei_feed_items_are_dated_in_japan():
    found = listing("kantei_news_ja", KANTEI_FEED)
    assert len(found.items) == 24 and all(item.published for item in found.items)
    items = by_url(found)
    # "20 Aug 2026 03:13:00 +0900" and "11 Aug 2026 00:00:00 +0900": UTC would say the day before.
    assert items["https://www.kantei.go.jp/jp/105/statement/2026/0819kaiken.html"].published == date(2026, 8, 20)
    assert items["https://www.kantei.go.jp/jp/105/actions/202608/11hijoukaigi.html"].published == date(2026, 8, 11)
    assert items["https://www.kantei.go.jp/jp/105/actions/202608/09nagasaki.html"].published == date(2026, 8, 9)


def test_kantei_item_without_a_link_is_reported():
    problems = listing("kantei_news_ja", KANTEI_FEED).problems
    assert len(problems) == 1 and "without a link" in problems[0]


# MOD (JA) feed
MOD_FEED, MOD_FEED_LATER = "mod/j_rss_news_2026-08-20.xml", "mod/news.xml"


def test_mod_feed_keeps_pdfs_and_pages_outside_press():
    items = listing("mod_press_ja", MOD_FEED).items
    assert len(items) == 126 and all(item.published for item in items)
    assert sum(item.url.endswith(".pdf") for item in items) == 7
    assert sum("/j/press/" not in item.url for item in items) == 35
    urls = by_url(listing("mod_press_ja", MOD_FEED))
    assert urls["https://www.mod.go.jp/j/press/news/2026/08/19a.html"].published == date(2026, 8, 19)
    assert urls["https://www.mod.go.jp/j/press/news/2026/07/31a.pdf"].published == date(2026, 7, 31)


def test_mod_feed_as_re_serialised_by_another_project():
    items = by_url(listing("mod_press_ja", MOD_FEED_LATER, fetched_on=date(2026, 8, 26)))
    assert len(items) == 6
    assert items["https://www.mod.go.jp/j/press/news/2026/08/25a.pdf"].published == date(2026, 8, 25)
    assert items["https://www.mod.go.jp/j/approach/exchange/area/2026/20260826_aus_idn-j.html"].published == date(2026, 8, 26)


def test_mod_feed_url_is_the_real_one():
    assert source("mod_press_ja").url == "https://www.mod.go.jp/j/rss/news.xml"


# METI Atom feed and press index
METI_ATOM, METI_INDEX = "meti/ml_index_release_atom_2026-08-20.xml", "meti/press_index_2026-08-20.html"


def test_meti_atom_entries_take_the_japanese_date_of_their_release_id():
    items = listing("meti_press_ja", METI_ATOM).items
    assert len(items) == 25
    assert [item.published for item in items] == [date_in_url(item.url) for item in items]
    assert by_url(listing("meti_press_ja", METI_ATOM))[
        "https://www.meti.go.jp/press/2026/06/20260611003/20260611003.html"].published == date(2026, 6, 11)


def test_meti_press_index_items_dated_like_their_release_id():
    items = listing("meti_press_listing_ja", METI_INDEX).items
    assert len(items) == 20
    assert items[0].url == "https://www.meti.go.jp/press/2026/08/20260817001.html"
    assert [item.published for item in items] == [date_in_url(item.url) for item in items]
    assert all(item.title and not item.title.startswith(" ") for item in items)


def test_mofa_back_fill_pages_through_the_archive_table():
    assert listing("mofa_press_ja", MOFA_LISTING).next_url == "https://www.mofa.go.jp/mofaj/press/release/8_07_index.html"
    january = "https://www.mofa.go.jp/mofaj/press/release/7_01_index.html"
    assert listing("mofa_press_ja", MOFA_LISTING, url=january).next_url == (
        "https://www.mofa.go.jp/mofaj/press/release/6_12_index.html")
    oldest = "https://www.mofa.go.jp/mofaj/press/release/3_1_index.html"
    assert listing("mofa_press_ja", MOFA_LISTING, url=oldest).next_url is None


def test_meti_back_fill_pages_through_monthly_archives():
    assert listing("meti_press_listing_ja", METI_INDEX).next_url == "https://www.meti.go.jp/press/archive_202608.html"
    january = "https://www.meti.go.jp/press/archive_202601.html"
    assert listing("meti_press_listing_ja", METI_INDEX, url=january).next_url == (
        "https://www.meti.go.jp/press/archive_202512.html")
