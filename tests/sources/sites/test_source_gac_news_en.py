"""gac_news_en: Global Affairs Canada via the Canada News Centre API (Atom) and canada.ca pages."""
from datetime import date

from tests.support.source_fixtures import assert_drift_fails, listing, release, source
from sources.parse import listing_urls

NAME = "gac_news_en"
ROADMAP = "canada-and-japan-launch-comprehensive-strategic-roadmap.html"
READOUT = "readout-canada-japan-economic-security-dialogue.html"


def test_api_items():
    assert len(listing(NAME).items) == 5


def test_api_items_link_to_canada_ca():
    assert listing(NAME).items[0].url.startswith("https://www.canada.ca/en/global-affairs/news/2026/11/")


def test_backfill_uses_the_api_date_filter():
    url = listing_urls(source(NAME), since=date(2025, 1, 1))[0]
    assert "publishedDate%3E=2025-01-01" in url and "pick=1000" in url


def test_title():
    assert release(NAME, ROADMAP).title == "Canada and Japan launch Comprehensive Strategic Roadmap"


def test_published_from_dcterms_issued():
    assert release(NAME, ROADMAP).published == date(2026, 3, 6)


def test_content_type():
    assert release(NAME, ROADMAP).content_type == "news-release"


def test_body_keeps_quotes_but_not_trailers():
    body = release(NAME, ROADMAP).body
    assert "Anita Anand" in body and "Quick facts" not in body and "fourth-largest" not in body
    assert "Media Relations Office" not in body and "Indo-Pacific Strategy" not in body


def test_body_without_byline_or_date_modified():
    body = release(NAME, ROADMAP).body
    assert "From:" not in body and "Date modified" not in body


def test_readout_dateline_after_the_lede():
    got = release(NAME, READOUT)
    assert (got.content_type, got.published) == ("readout", date(2026, 11, 20))


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, ROADMAP, b"news-release-container", b"news-release-body")


def test_body_starts_with_the_inline_dateline():
    assert release(NAME, ROADMAP).body.startswith("March 6, 2026—Tokyo, Japan—Today, Canada and Japan released")


def test_hidden_teaser_is_not_a_second_lede():
    assert release(NAME, ROADMAP).body.count("Canada and Japan released the Canada-Japan") == 1
