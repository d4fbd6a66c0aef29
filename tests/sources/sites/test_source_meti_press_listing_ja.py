"""meti_press_listing_ja: METI's press index (the dependable twin of its Atom feed), in the real markup:
`ul.float_li li` with a Western date in `div.txt_box p` and the link `a.cut_txt`; monthly archives."""
from datetime import date

from tests.support.source_fixtures import assert_listing_drift_fails, listing, release, source
from sources.parse import parse_listing

NAME = "meti_press_listing_ja"
MINERALS = "/press/2026/06/20260618001/20260618001.html"


def test_listing_items():
    assert len(listing(NAME).items) == 4


def test_listing_dates_and_titles():
    first = listing(NAME).items[0]
    assert (first.url, first.published, first.title) == (
        "https://www.meti.go.jp/press/2026/07/20260701003/20260701003.html", date(2026, 7, 1),
        "日ASEAN経済大臣特別会合を開催しました")


def test_category_links_are_not_items():
    assert not any("category_" in i.url for i in listing(NAME).items)


def test_back_fill_goes_to_this_months_archive_then_the_month_before():
    assert listing(NAME).next_url == "https://www.meti.go.jp/press/archive_202611.html"
    archive = "https://www.meti.go.jp/press/archive_202601.html"
    body = (b'<ul class="clearfix float_li"><li class="clearfix"><div class="left txt_box"><p>2026\xe5\xb9\xb41\xe6\x9c\x88'
            b'9\xe6\x97\xa5</p><a class="cut_txt" href="/press/2026/01/20260109001.html">x</a></div></li></ul>')
    older = parse_listing(source(NAME), body, url=archive)
    assert older.items[0].published == date(2026, 1, 9)
    assert older.next_url == "https://www.meti.go.jp/press/archive_202512.html"


def test_release_page():
    got = release(NAME, MINERALS)
    assert got.title == "日加重要鉱物作業部会を開催しました" and got.published == date(2026, 6, 18)


def test_listing_drift_fails_loudly():
    assert_listing_drift_fails(NAME, b'class="clearfix float_li"', b'class="news_list"')
