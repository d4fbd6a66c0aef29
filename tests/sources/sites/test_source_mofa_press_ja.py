"""mofa_press_ja: MOFA Japanese press releases (the real listing's markup: year-less `dt.list-title` headings
over `dd ul.link-list li`, era-month archives; the CMS page template; one old Shift_JIS page)."""
from datetime import date

from tests.support.source_fixtures import (FETCHED_ON, assert_drift_fails, assert_listing_drift_fails, listed_items, listing, page,
                             release, source)
from sources.parse import parse_listing

NAME = "mofa_press_ja"
SUMMIT = "pressit_000001_02390.html"


def test_listing_has_this_months_releases():
    assert [i.url for i in listing(NAME).items] == ["https://www.mofa.go.jp/mofaj/press/release/pressit_000001_03105.html"]


def test_listing_dates_come_from_year_less_headings():
    assert listing(NAME).items[0].published == date(2026, 11, 20)


def test_listing_leads_to_the_previous_archived_month():
    assert listing(NAME).next_url == "https://www.mofa.go.jp/mofaj/press/release/8_07_index.html"


def test_archives_reach_last_year_with_their_own_year():
    items = listed_items(NAME)
    assert len(items) == 6 and all(i.published for i in items)
    assert items[-1].published == date(2025, 10, 2)


def test_archive_page_is_dated_by_its_month_even_read_much_later():
    url = "https://www.mofa.go.jp/mofaj/press/release/7_10_index.html"
    older = parse_listing(source(NAME), page(NAME, url), url=url, fetched_on=date(2027, 6, 1))
    assert older.items[0].published == date(2025, 10, 2) and older.next_url is None


def test_listing_item_without_a_date_heading_is_still_listed():
    body = page(NAME, source(NAME).url).replace(b'<dt class="list-title">11\xe6\x9c\x8820\xe6\x97\xa5\xe4\xbb\x98</dt>', b"")
    assert body != page(NAME, source(NAME).url)
    items = parse_listing(source(NAME), body, url=source(NAME).url, fetched_on=FETCHED_ON).items
    assert len(items) == 1 and items[0].published is None


def test_title():
    assert release(NAME, SUMMIT).title == "日・カナダ首脳会談及び日本・カナダ包括的戦略的ロードマップの発出"


def test_published_from_era_date():
    assert release(NAME, SUMMIT).published == date(2026, 3, 6)


def test_body_starts_with_the_lead():
    assert release(NAME, SUMMIT).body.startswith("3月6日、午後5時から")


def test_body_has_no_caption_or_back_link():
    body = release(NAME, SUMMIT).body
    assert "写真提供" not in body and "報道発表へ戻る" not in body and "ページの先頭へ戻る" not in body


def test_body_has_no_link_text_leaks():
    body = release(NAME, "pressit_000001_02877.html").body
    assert "別ウィンドウで開く" not in body and "PDF" not in body


def test_lang_and_type_and_canonical():
    got = release(NAME, SUMMIT)
    assert (got.lang, got.content_type, got.canonical_url) == (
        "ja", "news-release", "https://www.mofa.go.jp/mofaj/press/release/pressit_000001_02390.html")


def test_shift_jis_page_decodes():
    from sources.parse import parse_article
    url = "https://www.mofa.go.jp/mofaj/press/release/press4_007310.html"
    got = parse_article(source(NAME), page(NAME, url), url=url, content_type="text/html")
    assert got.title == "日加外相電話会談" and got.published == date(2019, 4, 5) and "河野外務大臣" in got.body


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, SUMMIT, b'id="maincontents"', b'id="main-contents"')


def test_listing_drift_fails_loudly():
    assert_listing_drift_fails(NAME, b'id="pressrelease"', b'id="press-release"')
