"""pmo_news_fr: Premier ministre du Canada, RSS, French paths (comptes-rendus, communiques)."""
from datetime import date

from tests.support.source_fixtures import assert_drift_fails, listing, release

NAME = "pmo_news_fr"
READOUT = "comptes-rendus/2026/11/19/le-premier-ministre-carney-s-entretient-avec-la-premiere-ministre-du-japon-takaichi-sanae"
RELEASE = "communiques/2026/07/02/le-premier-ministre-carney-annonce-une-mission-commerciale-d-equipe-canada-au-japon"


def test_feed_items():
    assert len(listing(NAME).items) == 3


def test_title():
    assert release(NAME, RELEASE).title == "Le premier ministre Carney annonce une mission commerciale d’Équipe Canada au Japon"


def test_french_date_on_page():
    assert release(NAME, RELEASE).published == date(2026, 7, 2)


def test_body_leaves_out_the_date_line():
    assert release(NAME, RELEASE).body.startswith("Le premier ministre, Mark Carney, a annoncé")


def test_readout():
    got = release(NAME, READOUT)
    assert (got.content_type, got.published) == ("readout", date(2026, 11, 19))


def test_body_starts_with_hier():
    assert release(NAME, READOUT).body.startswith("Hier, le premier ministre")


def test_lang():
    assert release(NAME, READOUT).lang == "fr"


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, RELEASE, b"content-news-article", b"contenu-article")
