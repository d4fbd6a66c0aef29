"""A document belongs to the source that stores it: a page naming another site's URL as its canonical
URL is stored as its own document (a copy), never as a revision of the original (issue 14)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from models.documents import store_release
from models.source_hosts import site_of, speaks_for
from models.tables import Document, DocumentRevision, Source
from sources.article import parse_html_article
from sources.release import ParsedRelease

MOFA_URL = "https://www.mofa.go.jp/press/release/pressite_000001_09999.html"
ORIGINAL = ("Sample text written for Roadmap Monitor tests. The foreign ministers of Japan and Canada met "
            "and agreed to hold the economic security dialogue again next year in Tokyo.")
FORGED = ("Sample text written for Roadmap Monitor tests. The foreign ministers of Japan and Canada met "
          "and agreed to end all cooperation and to cancel every exercise planned for next year.")
HOSTILE_PAGE = "https://news.example.org/2026/03/item-1.html"


def _source(session, name: str, url: str, settings: dict | None = None) -> Source:
    src = Source(name=name, country="JP", lang="en", kind="rss", url=url, settings=settings or {})
    session.add(src)
    session.commit()
    return src


def _release(url: str, body: str) -> ParsedRelease:
    return ParsedRelease(canonical_url=url, title="Foreign ministers' meeting", published=date(2026, 3, 6),
                         body=body, lang="en", content_type="news-release")


def _hostile_page(canonical: str, body: str) -> str:
    return (f'<html lang="en"><head><link rel="canonical" href="{canonical}"><title>x</title></head>'
            f'<body><main><h1>Foreign ministers\' meeting</h1><p>March 6, 2026</p><p>{body}</p></main></body></html>')


def test_a_page_claiming_another_sources_url_does_not_rewrite_it(session):
    mofa = _source(session, "mofa_press_en", "https://www.mofa.go.jp/press/release/index.html")
    hostile = _source(session, "adhoc_news", "https://news.example.org/feed.xml")
    first = store_release(session=session, source_id=mofa.id, release=_release(MOFA_URL, ORIGINAL), page_url=MOFA_URL)

    forged = parse_html_article({}, _hostile_page(MOFA_URL, FORGED), url=HOSTILE_PAGE)
    assert forged.canonical_url == MOFA_URL  # the attack: the page names MOFA's URL
    outcome = store_release(session=session, source_id=hostile.id, release=forged, page_url=HOSTILE_PAGE)
    again = store_release(session=session, source_id=mofa.id, release=_release(MOFA_URL, ORIGINAL), page_url=MOFA_URL)

    original = session.get(Document, first.document_id)
    assert (original.body, original.revision, original.source_id) == (ORIGINAL, 1, mofa.id)
    assert again.status == "unchanged"
    assert [r.body for r in session.exec(select(DocumentRevision).where(
        DocumentRevision.document_id == original.id))] == [ORIGINAL]
    copy = session.get(Document, outcome.document_id)
    assert copy.id != original.id and copy.source_id == hostile.id
    assert copy.canonical_url == HOSTILE_PAGE and copy.copy_of_id == original.id and FORGED in copy.body


def test_a_page_claiming_a_url_first_does_not_take_it_from_its_site(session):
    mofa = _source(session, "mofa_press_en", "https://www.mofa.go.jp/press/release/index.html")
    hostile = _source(session, "adhoc_news", "https://news.example.org/feed.xml")
    store_release(session=session, source_id=hostile.id, release=_release(MOFA_URL, FORGED), page_url=HOSTILE_PAGE)
    real = store_release(session=session, source_id=mofa.id, release=_release(MOFA_URL, ORIGINAL), page_url=MOFA_URL)
    doc = session.exec(select(Document).where(Document.canonical_url == MOFA_URL)).one()
    assert real.status == "new" and doc.id == real.document_id
    assert (doc.source_id, doc.body) == (mofa.id, ORIGINAL)


@pytest.mark.parametrize("source_url, page_url, canonical, settings", [
    # the sample server's copy of a MOFA page names MOFA's URL, and the source is MOFA's
    ("https://www.mofa.go.jp/press/release/index.html", "http://127.0.0.1:8123/press/release/a.html", MOFA_URL, {}),
    # Canada News API: the feed is on api.io.canada.ca, the pages on www.canada.ca
    ("https://api.io.canada.ca/io-server/gc/news/en/v2?dept=x", "https://www.canada.ca/en/news/a.html?utm=1",
     "https://www.canada.ca/en/news/a.html", {}),
    # a page naming its own canonical URL on its own site
    ("https://feeds.example.net/rss", "https://news.example.org/a?id=1", "https://news.example.org/a", {}),
    # a host the source declares
    ("https://feeds.example.net/rss", "https://feeds.example.net/a", "https://mirror.example.com/a",
     {"hosts": ["mirror.example.com"]}),
    ("https://feeds.example.net/rss", "https://feeds.example.net/b", "https://www.mirror.example.com/b",
     {"config": {"hosts": ["mirror.example.com"]}}),
])
def test_a_canonical_url_on_the_sources_own_sites_is_kept(session, source_url, page_url, canonical, settings):
    src = _source(session, "src", source_url, settings)
    outcome = store_release(session=session, source_id=src.id, release=_release(canonical, ORIGINAL), page_url=page_url)
    assert session.get(Document, outcome.document_id).canonical_url == canonical


def test_sites_are_registrable_domains():
    assert site_of("www.mofa.go.jp") == site_of("mofa.go.jp") == "mofa.go.jp"
    assert site_of("api.io.canada.ca") == "canada.ca" and site_of("www.pm.gc.ca") == "pm.gc.ca"
    assert site_of("mofa.go.jp.example.org") == "example.org" and site_of("127.0.0.1") == "127.0.0.1"
    src = Source(name="s", url="https://www.mofa.go.jp/x")
    assert not speaks_for(src, "https://www.mod.go.jp/x") and speaks_for(src, "https://mofa.go.jp/y")


def test_the_attack_through_a_served_hostile_source_leaves_the_original(engine, tmp_path):
    """End to end: an ad hoc feed whose release page names MOFA's URL as canonical, ingested for real."""
    from sqlmodel import Session

    from pipeline.adhoc import register_adhoc_source
    from pipeline.ingest import ingest_source
    from tests.support.http_helpers import SAMPLE_NOTE, write_site
    from tests.support.ingest_helpers import fetcher_for_tests
    from samples.server import SampleSite

    with Session(engine, expire_on_commit=False) as s:
        mofa = _source(s, "mofa_press_en", "https://www.mofa.go.jp/press/release/index.html")
        original_id = store_release(session=s, source_id=mofa.id, release=_release(MOFA_URL, ORIGINAL)).document_id
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{SAMPLE_NOTE}'
            '<item><title>Foreign ministers\' meeting</title><link>{base}/news/1.html</link>'
            '<pubDate>Fri, 06 Mar 2026 09:00:00 +0900</pubDate></item></channel></rss>')
    root = write_site(tmp_path / "hostile", {"/news/1.html": _hostile_page(MOFA_URL, FORGED)})
    with SampleSite(root) as site:
        (root / "feed.xml").write_text(feed.replace("{base}", site.url), encoding="utf-8")
        fetcher = fetcher_for_tests()
        try:
            register_adhoc_source(name="hostile_feed", url=site.url + "/feed.xml", kind="rss", country="JP",
                                  engine=engine, fetcher=fetcher)
            summary = ingest_source(source_name="hostile_feed", engine=engine, fetcher=fetcher)
        finally:
            fetcher.close()
    assert summary.new == 1 and not summary.failed
    with Session(engine) as s:
        original = s.get(Document, original_id)
        assert (original.body, original.revision) == (ORIGINAL, 1)
        forged = s.exec(select(Document).where(Document.id != original_id)).one()
        assert forged.canonical_url == f"{site.url}/news/1.html" and forged.copy_of_id == original_id
