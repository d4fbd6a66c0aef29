"""mofa_press_ja: MOFA Japanese press releases (HTML listing grouped by era dates; one old Shift_JIS page)."""
from datetime import date

from source_fixtures import assert_drift_fails, assert_listing_drift_fails, listing, page, release, source
from sources.parse import parse_listing

NAME = "mofa_press_ja"
SUMMIT = "pressit_000001_02390.html"


def test_listing_has_every_release():
    assert len(listing(NAME).items) == 6


def test_listing_dates_come_from_era_headings():
    assert listing(NAME).items[0].published == date(2026, 11, 20)


def test_listing_links_to_the_next_page():
    assert listing(NAME).next_url == "https://www.mofa.go.jp/mofaj/press/release/index_2025.html"


def test_older_listing_page_reaches_heisei():
    nxt = listing(NAME).next_url
    older = parse_listing(source(NAME), page(NAME, nxt), url=nxt)
    assert older.items[0].published == date(2019, 4, 5)


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
    assert_listing_drift_fails(NAME, b'class="link-list"', b'class="links"')
