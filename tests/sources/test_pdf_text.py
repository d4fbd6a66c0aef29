"""Releases published as PDFs: text by pypdf, title and date from the feed item or the text; files that are
neither a page nor a PDF are no release."""
from datetime import date

import pytest

from tests.support.pdf_fixture import make_pdf
from sources.config import source_from_dict
from sources.errors import NotARelease, SiteChanged
from sources.parse import parse_article
from sources.pdf_text import is_pdf, parse_pdf_release, pdf_lines
from sources.release import ListingItem

URL = "https://www.mod.go.jp/j/press/news/2026/11/05a.pdf"
LINES = ["日加共同訓練の実施について", "令和8年11月5日", "防衛省", "1 目的 海上自衛隊とカナダ海軍の連携強化（サンプル）"]
MOD = source_from_dict("mod_press_ja", {"ministry": "MOD", "country": "JP", "language": "ja", "kind": "rss",
                                        "url": "https://www.mod.go.jp/j/rss/news.xml",
                                        "article": {"title": "#contents h1", "body": "#contents"}})


def test_japanese_text_is_extracted_line_by_line():
    assert pdf_lines(make_pdf(LINES), url=URL) == LINES


def test_title_and_date_from_the_feed_item():
    item = ListingItem(url=URL, title="日加共同訓練について（報道資料）", published=date(2026, 11, 4))
    got = parse_pdf_release(make_pdf(LINES), url=URL, lang="ja", item=item)
    assert (got.title, got.published, got.lang, got.canonical_url) == (item.title, date(2026, 11, 4), "ja", URL)
    assert "連携強化" in got.body


def test_title_and_date_from_the_text_without_an_item():
    got = parse_pdf_release(make_pdf(LINES), url=URL)
    assert (got.title, got.published) == ("日加共同訓練の実施について", date(2026, 11, 5))
    assert not got.body.startswith("日加共同訓練の実施について")


def test_source_routes_a_pdf_to_the_pdf_reader_whatever_its_label():
    got = parse_article(MOD, make_pdf(LINES), url=URL, content_type="text/html")
    assert got.title == "日加共同訓練の実施について" and got.published == date(2026, 11, 5)


def test_is_pdf_by_bytes_or_label():
    assert is_pdf(make_pdf(LINES)) and is_pdf(b"", "application/pdf; qs=1") and not is_pdf(b"<html>", "text/html")


def test_broken_pdf_fails_loudly():
    with pytest.raises(SiteChanged) as caught:
        parse_pdf_release(b"%PDF-1.7\nnot really a pdf", url=URL)
    assert caught.value.url == URL


def test_pdf_without_text_is_reported_as_such():
    with pytest.raises(SiteChanged, match="no extractable text"):
        parse_pdf_release(make_pdf([]), url=URL)


@pytest.mark.parametrize("content_type", ["image/png", "application/zip",
                                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])
def test_a_file_that_is_neither_page_nor_pdf_is_not_a_release(content_type):
    with pytest.raises(NotARelease) as caught:
        parse_article(MOD, b"PK\x03\x04 binary", url=URL.replace(".pdf", ".bin"), content_type=content_type)
    assert content_type in str(caught.value)


def test_xhtml_is_still_a_page():
    page = b"<html><body><div id='contents'><h1>t</h1><p>A page served as XHTML, long enough.</p></div></body></html>"
    assert parse_article(MOD, page, url=URL.replace(".pdf", ".html"), content_type="application/xhtml+xml").title == "t"
