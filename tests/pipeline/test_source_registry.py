"""One source registry over the sources file and the database: configured names win, ad hoc rows follow."""
from __future__ import annotations

from pipeline.source_registry import enabled_source_names, find_source, known_source_names
from models import sources_repo
from sources.config import load_sources

ADHOC = {"ministry": "Sample", "country": "JP", "language": "ja", "kind": "rss",
         "url": "https://www.example.go.jp/feed.xml", "politeness": 3}


def _register(session, name, *, enabled=True, url=ADHOC["url"], origin="adhoc", config=ADHOC):
    sources_repo.upsert_source(session=session, name=name, ministry="Sample", country="JP", lang="ja", kind="rss",
                               url=url, schedule="0 * * * *", enabled=enabled, origin=origin,
                               settings={"config": config} if config is not None else {})


def test_a_configured_source_wins_over_a_row_of_the_same_name(session):
    first = load_sources()[0]
    _register(session, first.name, url="https://elsewhere.example.org/feed.xml", origin="config")
    found = find_source(first.name, session=session)
    assert found.cfg == first and found.url == first.url and found.row is not None


def test_an_ad_hoc_source_comes_from_its_row(session):
    _register(session, "sample_feed")
    found = find_source("sample_feed", session=session)
    assert (found.cfg.politeness, found.url) == (3.0, ADHOC["url"])
    assert find_source("no_such_source", session=session) is None


def test_a_row_without_config_still_has_its_url(session):
    _register(session, "bare_row", config=None)
    found = find_source("bare_row", session=session)
    assert (found.cfg, found.url) == (None, ADHOC["url"])


def test_enabled_names_are_the_file_then_enabled_ad_hoc_rows(session):
    _register(session, "b_feed")
    _register(session, "a_feed")
    _register(session, "off_feed", enabled=False)
    names = enabled_source_names(session=session)
    configured = [cfg.name for cfg in load_sources() if cfg.enabled]
    assert names == configured + ["a_feed", "b_feed"]
    assert {"off_feed", "a_feed"} <= known_source_names(session=session)
