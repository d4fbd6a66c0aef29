"""nrcan_news_en: Natural Resources Canada via the Canada News Centre API."""
from datetime import date

from tests.support.source_fixtures import assert_drift_fails, listing, release, source

NAME = "nrcan_news_en"
ENERGY = "canada-and-japan-hold-first-energy-policy-dialogue.html"
MINERALS = "canada-japan-critical-minerals-working-group.html"


def test_api_items():
    assert len(listing(NAME).items) == 4


def test_title():
    assert release(NAME, ENERGY).title == "Canada and Japan hold first Energy Policy Dialogue"


def test_published():
    assert release(NAME, ENERGY).published == date(2026, 3, 9)


def test_statement():
    assert release(NAME, MINERALS).content_type == "statement"


def test_body_without_contacts():
    assert "343-292-6100" not in release(NAME, ENERGY).body


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, ENERGY, b"news-release-container", b"news-release-body")


def test_items_with_only_updated_are_dated():
    # api.io.canada.ca entries may carry only <updated>, no <published>.
    assert [i.published for i in listing(NAME).items] == [date(2026, 6, 17), date(2026, 5, 21), date(2026, 3, 9),
                                                         date(2025, 8, 26)]


def test_feed_url_uses_the_real_department_key():
    assert "dept=naturalresourcescanada&" in source(NAME).url
