"""pmo_news_en: Prime Minister of Canada, RSS; pages in the template public scrapers report (title in
`.title-header-inner h1`, the page's third h1; visible date and place in `span.inline-date`, the instant in a
UTC `time[datetime]`; text in `.content-news-article .field--name-body`)."""
from datetime import date

from tests.support.source_fixtures import assert_drift_fails, listing, page, release, source
from sources.parse import parse_article

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


def test_title_is_not_the_site_or_section_heading():
    # The page has three h1: the site name, a hidden section name, and the release's title.
    assert release(NAME, STATEMENT).title == "Joint statement by Prime Minister Carney and Prime Minister Takaichi"


def test_readout_date_is_the_visible_ottawa_date_not_the_utc_stamp():
    # The page's time[datetime] says 2026-11-20T01:30:00Z; the release is of 19 November in Ottawa.
    assert release(NAME, READOUT).published == date(2026, 11, 19)


def test_body_leaves_out_the_date_and_place_line():
    body = release(NAME, READOUT).body
    assert "Ottawa, Ontario" not in body and "November 19, 2026" not in body


def test_date_falls_back_on_the_url_without_a_date_node():
    item = next(i for i in listing(NAME).items if i.url.endswith(STATEMENT))
    body = page(NAME, item.url).replace(b'class="inline-date"', b'class="byline"')
    got = parse_article(source(NAME), body, url=item.url, item=None, fetched_on=date(2026, 11, 27))
    assert got.published == date(2026, 3, 6)


def test_readout_type_from_path():
    assert release(NAME, READOUT).content_type == "readout"


def test_statement_type_and_date():
    got = release(NAME, STATEMENT)
    assert (got.content_type, got.published) == ("statement", date(2026, 3, 6))


def test_body_starts_with_relative_day():
    # The date line is the first paragraph of the text block: it is not part of the body.
    assert release(NAME, READOUT).body.startswith("Yesterday, Prime Minister Mark Carney")


def test_body_has_no_page_chrome():
    body = release(NAME, READOUT).body
    assert "Back to news" not in body and "Prime Minister of Canada" not in body


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, READOUT, b"content-news-article", b"news-article")


def test_title_drift_fails_loudly():
    assert_drift_fails(NAME, READOUT, b"title-header-inner", b"title-header-text")
