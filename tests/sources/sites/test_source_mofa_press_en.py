"""mofa_press_en: MOFA English press releases (the Japanese listing's markup, with year-less English headings)."""
from datetime import date

from tests.support.source_fixtures import assert_drift_fails, assert_listing_drift_fails, listing, release

NAME = "mofa_press_en"
ISA = "pressite_000001_02050.html"


def test_listing_has_every_release():
    assert len(listing(NAME).items) == 4


def test_listing_dates_come_from_headings():
    assert [i.published for i in listing(NAME).items][-2:] == [date(2026, 3, 6), date(2026, 3, 6)]


def test_year_less_english_headings_take_the_fetch_year():
    assert listing(NAME).items[0].published == date(2026, 11, 20)


def test_title():
    assert release(NAME, ISA).title.startswith("Signing of the Implementing Arrangement")


def test_published():
    assert release(NAME, ISA).published == date(2026, 7, 15)


def test_body_has_no_link_text_leaks():
    body = release(NAME, ISA).body
    assert "Open a New Window" not in body and "(PDF)" not in body


def test_body_has_no_back_link_or_caption():
    body = release(NAME, "pressite_000001_01702.html").body
    assert "Back to Press Releases" not in body and "Cabinet Public Affairs Office" not in body


def test_lang_and_type():
    got = release(NAME, ISA)
    assert (got.lang, got.content_type) == ("en", "news-release")


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, ISA, b'class="title2"', b'class="title"')


def test_listing_drift_fails_loudly():
    assert_listing_drift_fails(NAME, b'class="title-list"', b'class="list"')
