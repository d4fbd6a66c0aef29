"""dnd_news_en: National Defence via the Canada News Centre API."""
from datetime import date

from tests.support.source_fixtures import assert_drift_fails, listing, release

NAME = "dnd_news_en"
NANOOK = "canadian-armed-forces-welcome-japan-maritime-self-defense-force-to-operation-nanook.html"
ACSA = "backgrounder-canada-japan-acquisition-and-cross-servicing-agreement.html"


def test_api_items():
    assert len(listing(NAME).items) == 5


def test_items_newest_first():
    dates = [i.published for i in listing(NAME).items]
    assert dates == sorted(dates, reverse=True)


def test_title():
    assert release(NAME, NANOOK).title.startswith("Canadian Armed Forces welcome Japan Maritime Self-Defense Force")


def test_published():
    assert release(NAME, NANOOK).published == date(2026, 8, 17)


def test_backgrounder():
    assert release(NAME, ACSA).content_type == "backgrounder"


def test_body_without_quick_facts():
    assert "conducted annually since 2007" not in release(NAME, NANOOK).body


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, NANOOK, b"news-release-container", b"news-release-body")


def test_evening_release_keeps_its_toronto_date():
    # Stamped 20:45 EDT on 30 October: 31 October in UTC, 30 October on the department's calendar.
    assert listing(NAME).items[0].published == date(2026, 10, 30)
