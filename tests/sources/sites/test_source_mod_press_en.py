"""mod_press_en: MOD English releases at /en/article/YYYY/MM/<40 hex>.html."""
import re
from datetime import date

from tests.support.source_fixtures import assert_drift_fails, listing, release

NAME = "mod_press_en"


def _kaedex():
    return next(i.url for i in listing(NAME).items if "KAEDEX" in i.title)


def test_listing_urls_have_the_real_shape():
    assert all(re.search(r"/en/article/\d{4}/\d{2}/[0-9a-f]{40}\.html$", i.url) for i in listing(NAME).items)


def test_listing_dates():
    assert listing(NAME).items[0].published == date(2026, 10, 28)


def test_title():
    assert release(NAME, _kaedex()).title == "Japan-Canada Bilateral Exercise (KAEDEX 2026-2)"


def test_published():
    assert release(NAME, _kaedex()).published == date(2026, 10, 28)


def test_content_type_from_press_release_label():
    assert release(NAME, _kaedex()).content_type == "news-release"


def test_body_keeps_the_exercise_template():
    body = release(NAME, _kaedex()).body
    assert "2. Period: October 29 (Thu) to November 2 (Mon), 2026" in body and "Back to Press Releases" not in body


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, _kaedex(), b'class="article-body"', b'class="body"')
