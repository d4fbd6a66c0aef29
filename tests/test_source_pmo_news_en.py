"""pmo_news_en: Prime Minister of Canada, RSS; readouts have no dateline and start with a relative day."""
from datetime import date

from source_fixtures import assert_drift_fails, listing, release

NAME = "pmo_news_en"
READOUT = "/en/news/readouts/2026/11/19/prime-minister-carney-speaks-prime-minister-japan-takaichi-sanae"
STATEMENT = "/en/news/statements/2026/03/06/joint-statement-prime-minister-carney-and-prime-minister-takaichi"


def test_feed_items():
    assert len(listing(NAME).items) == 5


def test_feed_dates():
    # The readout is stamped 01:30 GMT on 20 November: 19 November, 20:30, in Ottawa.
    assert listing(NAME).items[0].published == date(2026, 11, 19)


def test_title():
    assert release(NAME, READOUT).title == "Prime Minister Carney speaks with Prime Minister of Japan Takaichi Sanae"


def test_readout_date_without_dateline():
    assert release(NAME, READOUT).published == date(2026, 11, 19)


def test_readout_type_from_path():
    assert release(NAME, READOUT).content_type == "readout"


def test_statement_type_and_date():
    got = release(NAME, STATEMENT)
    assert (got.content_type, got.published) == ("statement", date(2026, 3, 6))


def test_body_starts_with_relative_day():
    assert release(NAME, READOUT).body.startswith("Yesterday, Prime Minister Mark Carney")


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, READOUT, b"field--name-body", b"field--body")
