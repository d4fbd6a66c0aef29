"""newswire_cnw_en: newswire copies; no selectors, so the generic listing and article extractors."""
from datetime import date

from tests.support.source_fixtures import listing, release, source

NAME = "newswire_cnw_en"
ROADMAP = "launch-canada-japan-comprehensive-strategic-roadmap-812345678.html"
FRENCH = "declaration-de-la-ministre-anand-sur-la-cooperation-canada-japon-810001111.html"


def test_not_enabled_by_default():
    assert source(NAME).enabled is False


def test_generic_listing_finds_releases_not_navigation():
    urls = [i.url for i in listing(NAME).items]
    assert len(urls) == 3 and all("/news-releases/" in u and u.endswith(".html") for u in urls)


def test_generic_listing_dates():
    assert listing(NAME).items[0].published == date(2026, 3, 6)


def test_generic_title():
    assert release(NAME, ROADMAP).title.startswith("Prime Minister Carney and Prime Minister Takaichi launch")


def test_date_from_newswire_dateline():
    assert release(NAME, ROADMAP).published == date(2026, 3, 6)


def test_body_keeps_dateline_but_not_source_trailer():
    body = release(NAME, ROADMAP).body
    assert body.startswith("TOKYO, March 6, 2026 /CNW/ -") and "SOURCE Prime Minister's Office" not in body


def test_body_without_navigation_or_aside():
    body = release(NAME, ROADMAP).body
    assert "Other news from this source" not in body and "Contact" not in body


def test_french_copy():
    got = release(NAME, FRENCH)
    assert (got.lang, got.published) == ("fr", date(2025, 10, 1))
