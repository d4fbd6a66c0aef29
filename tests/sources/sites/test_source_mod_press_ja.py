"""mod_press_ja: MOD's Japanese feed (/j/rss/news.xml: BOM, CRLF, relative links) listing press pages, a PDF
release, a joint statement outside /j/press/ and MSDF fleet pages (no year in path nor text)."""
from datetime import date

from tests.support.source_fixtures import FETCHED_ON, assert_drift_fails, listing, page, release, source
from sources.parse import ListingItem, parse_article

NAME = "mod_press_ja"
KAEDEX = "/j/press/news/2026/10/28a.html"
MSDF = "/msdf/sf/news/09/0921-02.html"
WRONG_LABEL = "/j/press/news/2026/08/14b.html"


PDF = "/j/press/news/2026/11/05a.pdf"
STATEMENT = "/j/approach/exchange/area/2026/20261030_can-j.html"


def test_feed_items():
    assert len(listing(NAME).items) == 7


def test_feed_dates():
    assert [i.published for i in listing(NAME).items][:3] == [date(2026, 11, 5), date(2026, 10, 30), date(2026, 10, 28)]


def test_relative_links_are_made_absolute():
    assert listing(NAME).items[0].url == "https://www.mod.go.jp/j/press/news/2026/11/05a.pdf"


def test_pdf_release_becomes_a_document():
    got = release(NAME, PDF)
    assert got.title == "日加共同訓練（KAEDEX26-3）に関する報道資料" and got.published == date(2026, 11, 5)
    assert "カナダ海軍との連携の強化" in got.body and got.lang == "ja"


def test_page_outside_press_is_a_release_too():
    got = release(NAME, STATEMENT)
    assert got.title == "日加防衛相会談に関する共同声明" and got.published == date(2026, 10, 30)


def test_title():
    assert release(NAME, KAEDEX).title == "日加共同訓練（KAEDEX26-2）について"


def test_published_from_era_date():
    assert release(NAME, KAEDEX).published == date(2026, 10, 28)


def test_body_without_pdf_link():
    assert "PDF" not in release(NAME, KAEDEX).body


def test_msdf_page_in_shift_jis_decodes():
    assert release(NAME, MSDF).title == "日加共同訓練の実施について"


def test_msdf_year_comes_from_the_feed():
    assert release(NAME, MSDF).published == date(2026, 9, 18)


def test_msdf_year_from_fetch_date_when_no_feed_date():
    url = "https://www.mod.go.jp" + MSDF
    got = parse_article(source(NAME), page(NAME, url), url=url, item=ListingItem(url=url), fetched_on=date(2027, 1, 5))
    assert got.published == date(2026, 9, 18)


def test_msdf_body_keeps_its_dated_lead():
    assert release(NAME, MSDF).body.startswith("9月18日、護衛艦「てるづき」")


def test_wrong_meta_charset_still_decodes():
    assert "ナヌーク作戦" in release(NAME, WRONG_LABEL).body


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, KAEDEX, b'class="text"', b'class="txt"')


def test_frozen_clock_is_after_every_item():
    assert all(i.published <= FETCHED_ON for i in listing(NAME).items)
