"""mofa_canada_en: MOFA's English Canada pages."""
from datetime import date

from tests.support.source_fixtures import assert_drift_fails, listing, release

NAME = "mofa_canada_en"
WHP = "pageite_000001_00915.html"


def test_listing_has_every_page():
    assert len(listing(NAME).items) == 4


def test_listing_reaches_the_2022_action_plan():
    assert listing(NAME).items[-1].published == date(2022, 10, 12)


def test_title():
    assert release(NAME, WHP).title == "Expansion of the Japan-Canada Working Holiday Programme"


def test_published():
    assert release(NAME, WHP).published == date(2026, 9, 3)


def test_body_without_back_link():
    body = release(NAME, WHP).body
    assert "Back to Canada" not in body and "Working Holiday" in body


def test_lang():
    assert release(NAME, WHP).lang == "en"


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, WHP, b'id="maincontents"', b'id="contents-main"')
