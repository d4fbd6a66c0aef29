"""gac_news_fr: Affaires mondiales Canada via the Canada News Centre API, French."""
from datetime import date

from tests.support.source_fixtures import assert_drift_fails, listing, release

NAME = "gac_news_fr"
ROADMAP = "le-canada-et-le-japon-lancent-une-feuille-de-route-strategique-globale.html"
STATEMENT = "declaration-de-la-ministre-anand-sur-l-anniversaire-des-relations-canada-japon.html"


def test_api_items():
    assert len(listing(NAME).items) == 3


def test_items_are_french():
    assert {i.lang for i in listing(NAME).items} == {"fr"}


def test_title():
    assert release(NAME, ROADMAP).title == "Le Canada et le Japon lancent une feuille de route stratégique globale"


def test_published():
    assert release(NAME, ROADMAP).published == date(2026, 3, 6)


def test_french_content_types():
    assert (release(NAME, ROADMAP).content_type, release(NAME, STATEMENT).content_type) == ("news-release", "statement")


def test_body_without_french_trailers():
    body = release(NAME, ROADMAP).body
    assert "Faits en bref" not in body and "Personnes-ressources" not in body and "Relations avec les médias" not in body


def test_lang():
    assert release(NAME, ROADMAP).lang == "fr"


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, ROADMAP, b"<h1", b"<h2")
