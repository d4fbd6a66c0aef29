"""Per-source request settings: validated once from sources.yaml, sent with every request of the source."""
from __future__ import annotations

from datetime import date

import pytest
import yaml

from config.settings import get_settings
from sources.config import load_sources, source_from_dict
from sources.errors import SourceConfigError
from tests.support.http_helpers import SAMPLE_NOTE, fast_fetcher, write_site

BASE = {"ministry": "Sample", "country": "JP", "language": "ja", "kind": "html-listing",
        "url": "https://www.example.go.jp/press/index.html"}
ARTICLE = ("<html><head><meta charset='utf-8'></head><body>" + SAMPLE_NOTE + "<main><h1>日加協議（サンプル）</h1>"
           "<p>2026年3月6日</p><p>" + "サンプルとして書いた本文です。" * 12 + "</p></main></body></html>")
LISTING = ("<html><head><meta charset='utf-8'></head><body>" + SAMPLE_NOTE + "<main><ul>"
           "<li>2026年3月6日 <a href='/press/1.html'>日加協議の開催について（サンプル）</a></li></ul></main></body></html>")


def entry(**request) -> dict:
    return {**BASE, "request": request}


def test_headers_and_http2_are_read_from_the_entry():
    cfg = source_from_dict("sample_src", entry(headers={"Accept-Language": "ja", "User-Agent": "Browser/1"},
                                               http2=True))
    assert cfg.request == {"headers": {"Accept-Language": "ja", "User-Agent": "Browser/1"}, "http2": True}
    assert source_from_dict("sample_src", BASE).request == {}


@pytest.mark.parametrize("request_, field", [
    ({"proxy": "http://x"}, "request.proxy"),
    ({"http2": "yes"}, "request.http2"),
    ({"headers": ["Accept-Language: ja"]}, "request.headers"),
    ({"headers": {"Bad Name": "x"}}, "request.headers"),
    ({"headers": {"Accept-Language": "ja\r\nX-Injected: 1"}}, "request.headers.Accept-Language"),
    ({"headers": {"Cookie": "session=1"}}, "request.headers.Cookie"),
    ({"headers": {"If-None-Match": "x"}}, "request.headers.If-None-Match"),
    ({"headers": {"Accept-Language": ""}}, "request.headers.Accept-Language"),
])
def test_bad_request_settings_are_refused_naming_the_field(request_, field):
    with pytest.raises(SourceConfigError, match=f"field '{field}'"):
        source_from_dict("sample_src", {**BASE, "request": request_})


def test_the_configured_sources_file_is_valid():
    assert load_sources()  # request settings in config/sources.yaml pass the same checks


@pytest.fixture
def site_root(tmp_path):
    return write_site(tmp_path / "site", {"/press/index.html": LISTING, "/press/1.html": ARTICLE})


def test_our_honest_user_agent_is_the_default_and_a_source_may_set_its_own(site):
    fetcher, _ = fast_fetcher()
    with fetcher:
        fetcher.fetch(site.url + "/press/1.html")
        fetcher.fetch(site.url + "/press/1.html", request={"headers": {"User-Agent": "Browser/1",
                                                                        "Accept-Language": "ja"}, "http2": True})
    default, custom = [r.headers for r in site.requests_for("/press/1.html")]
    assert default["User-Agent"] == get_settings().effective_user_agent and "Accept-Language" not in default
    assert custom["User-Agent"] == "Browser/1" and custom["Accept-Language"] == "ja"


def test_an_ingest_sends_the_sources_headers_on_every_request(engine, site, tmp_path, monkeypatch):
    from pipeline.ingest import ingest_source

    sources_file = tmp_path / "sources.yaml"
    source = {**BASE, "url": site.url + "/press/index.html", "request": {"headers": {"Accept-Language": "ja"}}}
    sources_file.write_text(yaml.safe_dump({"sources": {"sample_src": source}}))
    monkeypatch.setenv("ROADMAP_SOURCES_FILE", str(sources_file))
    get_settings.cache_clear()
    fetcher, _ = fast_fetcher()
    with fetcher:
        summary = ingest_source(source_name="sample_src", engine=engine, fetcher=fetcher, since=date(2026, 1, 1))
    assert summary.new == 1 and summary.error is None
    asked = [r for r in site.requests if r.path.startswith("/press/")]
    assert {r.path for r in asked} == {"/press/index.html", "/press/1.html"}
    assert all(r.headers.get("Accept-Language") == "ja" for r in asked)
