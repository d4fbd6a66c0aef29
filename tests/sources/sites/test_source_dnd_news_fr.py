"""dnd_news_fr: Défense nationale via the Canada News Centre API, French (abbreviated months, `1er`)."""
from datetime import date

from tests.support.source_fixtures import assert_drift_fails, listing, release

NAME = "dnd_news_fr"
KAEDEX = "le-ncsm-ville-de-quebec-navigue-avec-le-japon-lors-de-l-exercice-kaedex.html"


def test_api_items():
    assert len(listing(NAME).items) == 3


def test_title():
    assert release(NAME, KAEDEX).title == "Le NCSM Ville de Québec navigue avec le Japon lors de l’exercice KAEDEX"


def test_published():
    assert release(NAME, KAEDEX).published == date(2026, 10, 30)


def test_body_mentions_the_exercise():
    assert "KAEDEX 26-2" in release(NAME, KAEDEX).body


def test_lang_and_type():
    got = release(NAME, KAEDEX)
    assert (got.lang, got.content_type) == ("fr", "news-release")


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, KAEDEX, b"<h1", b"<div")
