"""Ingesting a source over the sample server: re-runs add nothing, changes become revisions."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from pipeline.ingest import ingest_source
from models.tables import DocumentRevision, FetchRecord, SourceRun
from sources.errors import SourceConfigError
from tests.support.ingest_helpers import documents, fetcher_for_tests, sample_copy, served_copy, source_row
from samples.routing import serve_routed

LISTING = "/mofaj/press/release/index.html"
HOME = "https://www.mofa.go.jp"  # mofa_press_ja's real host: what the database keeps
SINCE = date(2019, 1, 1)


@pytest.fixture
def site_root(tmp_path):
    return sample_copy("mofa_press_ja", tmp_path)


@pytest.fixture
def fetcher():
    f = fetcher_for_tests()
    yield f
    f.close()


def run(engine, site, fetcher, name="mofa_press_ja", since=None):
    with serve_routed({name: site}):
        return ingest_source(source_name=name, since=since, engine=engine, fetcher=fetcher)


def test_first_run_stores_every_listed_release(engine, site, fetcher):
    summary = run(engine, site, fetcher, since=SINCE)
    docs = documents(engine)
    assert summary.error is None and summary.failed == 0
    assert summary.new == len(docs) == len(summary.document_ids) >= 5
    assert all(d.lang == "ja" and d.title and d.published and d.body for d in docs)
    assert len(site.requests_for("/mofaj/press/release/7_10_index.html")) == 1  # back-fill followed the archives


def test_second_run_over_unchanged_site_costs_one_304_and_adds_nothing(engine, site, fetcher):
    run(engine, site, fetcher)
    before = len(site.requests)
    second = run(engine, site, fetcher)
    assert (second.new, second.revised, second.fetched, second.failed) == (0, 0, 0, 0)
    assert second.listing_not_modified and second.document_ids == []
    new_requests = site.requests[before:]
    assert [(r.path, r.status) for r in new_requests] == [(LISTING, 304)]
    row = source_row(engine, "mofa_press_ja")
    assert row.healthy and row.consecutive_failures == 0 and row.last_success


def test_each_article_is_fetched_once_across_runs(engine, site, fetcher):
    run(engine, site, fetcher, since=SINCE)
    run(engine, site, fetcher)
    article_paths = [r.path for r in site.requests if "/pressit_" in r.path or "/press4_" in r.path]
    assert len(article_paths) == len(set(article_paths))


def test_changed_page_becomes_a_new_revision(engine, site, fetcher):
    run(engine, site, fetcher, since=SINCE)
    path = "/mofaj/press/release/pressit_000001_02511.html"
    page = (site.root / path.lstrip("/")).read_text(encoding="utf-8")
    changed = page.replace("効力を生ずることとなります。", "効力を生ずることとなります。（追記：署名式の写真を掲載しました。）")
    assert changed != page
    site.set_page(path, changed)
    summary = run(engine, site, fetcher, since=SINCE)
    assert (summary.revised, summary.new, summary.failed) == (1, 0, 0)
    with Session(engine) as s:
        revs = s.exec(select(DocumentRevision).where(DocumentRevision.document_id == summary.document_ids[0])).all()
    assert sorted(r.revision for r in revs) == [1, 2]
    assert "追記" in next(d for d in documents(engine) if d.id == summary.document_ids[0]).body


def test_runs_and_validators_are_recorded(engine, site, fetcher):
    run(engine, site, fetcher)
    with Session(engine) as s:
        runs = s.exec(select(SourceRun)).all()
        listing = s.exec(select(FetchRecord).where(FetchRecord.url == HOME + LISTING)).one()
    assert len(runs) == 1 and runs[0].finished_at and runs[0].new >= 1
    assert listing.etag and listing.status_code == 200


def test_feed_source_second_run_is_a_304(engine, tmp_path, fetcher):
    with served_copy("mod_press_ja", tmp_path) as feed_site:
        first = run(engine, feed_site, fetcher, name="mod_press_ja")
        second = run(engine, feed_site, fetcher, name="mod_press_ja")
    assert first.new >= 1 and first.error is None
    assert second.listing_not_modified and second.new == 0


def test_unknown_source_is_a_config_error(engine, fetcher):
    with pytest.raises(SourceConfigError, match="No source called"):
        ingest_source(source_name="no_such_source", engine=engine, fetcher=fetcher)


def test_two_runs_of_one_source_at_once_store_each_release_once(engine, site):
    import threading

    results, errors = [], []

    def one_run():
        f = fetcher_for_tests()
        try:
            results.append(ingest_source(source_name="mofa_press_ja", since=SINCE, engine=engine, fetcher=f))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            f.close()

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    with serve_routed({"mofa_press_ja": site}):  # one router for both threads
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert errors == [] and all(r.error is None and r.failed == 0 for r in results)
    urls = [d.canonical_url for d in documents(engine)]
    assert len(urls) == len(set(urls)) == sum(r.new for r in results)


def test_sample_pages_without_a_canonical_link_are_stored_under_the_sources_own_urls(engine, tmp_path, fetcher):
    meti = served_copy("meti_press_ja", tmp_path)  # its sample pages carry no <link rel=canonical>
    try:
        summary = run(engine, meti, fetcher, name="meti_press_ja", since=SINCE)
    finally:
        meti.stop()
    urls = [d.canonical_url for d in documents(engine)]
    assert summary.new == len(urls) >= 1 and summary.error is None
    assert all(u.startswith("https://www.meti.go.jp/") for u in urls), urls
    with Session(engine) as s:  # closed at once: an open transaction would block the next test's TRUNCATE on PostgreSQL
        records = {r.url for r in s.exec(select(FetchRecord)).all()}
    assert records and all(r.startswith("https://www.meti.go.jp/") for r in records), records
    assert meti.requests_for("/ml_index_release_atom.xml")  # yet read from the sample server


def test_an_undated_item_settles_once_stored(engine, site, fetcher):
    listing = (site.root / LISTING.lstrip("/")).read_text(encoding="utf-8")
    undated = listing.replace('<dt class="list-title">11月20日付</dt>', "")
    assert undated != listing
    site.set_page(LISTING, undated)
    first = run(engine, site, fetcher)
    assert (first.new, first.error) == (1, None)
    site.set_page(LISTING, undated + "\n<!-- the listing changed: no 304 -->")
    before = len(site.requests)
    second = run(engine, site, fetcher)
    assert [r.path for r in site.requests[before:]] == [LISTING]  # the undated release is not asked for again
    assert (second.unchanged, second.fetched, second.error) == (1, 0, None)


def test_a_gone_archive_page_ends_the_back_fill_not_the_run(engine, site, fetcher):
    (site.root / "mofaj/press/release/8_04_index.html").unlink()
    summary = run(engine, site, fetcher, since=SINCE)
    assert summary.error is None and summary.new == 2  # this month's and July's releases
    assert len(summary.problems) == 1 and "8_04_index.html" in summary.problems[0]
    assert site.requests_for("/mofaj/press/release/8_03_index.html") == []


def test_a_listed_file_that_is_no_release_is_recorded_and_skipped(engine, tmp_path, fetcher):
    sheet = "/j/press/news/2026/11/05b.xlsx"
    with served_copy("mod_press_ja", tmp_path) as feed_site:
        feed = (feed_site.root / "j/rss/news.xml").read_bytes()
        extra = f"<item><title>別添資料</title><link>{sheet}</link></item>\r\n</channel>".encode()
        feed_site.set_page("/j/rss/news.xml", feed.replace(b"</channel>", extra))
        feed_site.set_page(sheet, b"PK\x03\x04 not a page",
                           content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        first = run(engine, feed_site, fetcher, name="mod_press_ja")
        assert (first.skipped, first.failed, first.error) == (1, 0, None), first.failures
        assert any("neither a release page nor a PDF" in p for p in first.problems)
        feed_site.set_page("/j/rss/news.xml", feed.replace(b"</channel>", extra + b"<!-- changed -->"))
        before = len(feed_site.requests)
        second = run(engine, feed_site, fetcher, name="mod_press_ja")
        assert sheet not in [r.path for r in feed_site.requests[before:]]  # settled: not asked for again
        assert (second.skipped, second.failed) == (0, 0)
