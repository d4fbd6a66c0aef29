"""The one HTTP client against the sample server: validators, retries, caps, redirects, robots."""
from __future__ import annotations

import pytest

from samples.server import SampleSite
from sources.errors import PageGone, ResponseTooLarge, SourceUnavailable
from sources.http import Fetcher, parse_retry_after
from sources.robots import DisallowedByRobots
from tests.support.http_helpers import SAMPLE_NOTE, fast_fetcher, fast_settings, write_site

PAGE = f"<html><head><meta charset='utf-8'></head><body>{SAMPLE_NOTE}<p>日加共同訓練</p></body></html>"


@pytest.fixture
def site_root(tmp_path):
    return write_site(tmp_path / "site", {"/press/a.html": PAGE, "/press/b.html": PAGE,
                                          "/robots.txt": "User-agent: *\nDisallow: /private/\n"})


@pytest.fixture
def fetcher():
    f, sleep = fast_fetcher()
    f.sleep_log = sleep
    yield f
    f.close()


def test_fetch_sends_user_agent_and_returns_validators(site, fetcher):
    result = fetcher.fetch(site.url + "/press/a.html")
    assert result.status == 200 and "日加共同訓練" in result.body.decode()
    assert result.etag and result.last_modified and result.content_type.startswith("text/html")
    ua = site.requests_for("/press/a.html")[0].headers["User-Agent"]
    assert ua.startswith("RoadmapMonitor/") and "https://" in ua


def test_conditional_get_returns_not_modified(site, fetcher):
    first = fetcher.fetch(site.url + "/press/a.html")
    second = fetcher.fetch(site.url + "/press/a.html", etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.status == 304 and second.body == b""
    assert second.etag == first.etag
    assert site.requests_for("/press/a.html")[-1].headers["If-None-Match"] == first.etag


def test_retries_5xx_with_backoff_then_succeeds(site, fetcher):
    site.set_fault("/press/a.html", "500", times=2)
    assert fetcher.fetch(site.url + "/press/a.html").status == 200
    assert len(site.requests_for("/press/a.html")) == 3
    assert fetcher.sleep_log.waits == [1.0, 2.0]


def test_retries_exhausted_raise_source_unavailable(site, fetcher):
    site.set_fault("/press/a.html", "503")
    with pytest.raises(SourceUnavailable, match="503") as err:
        fetcher.fetch(site.url + "/press/a.html")
    assert err.value.status == 503
    assert len(site.requests_for("/press/a.html")) == 3  # one try + fetch_retries


def test_429_honours_retry_after(site, fetcher):
    site.set_fault("/press/a.html", "429", times=1, retry_after=7)
    assert fetcher.fetch(site.url + "/press/a.html").status == 200
    assert fetcher.sleep_log.waits == [7.0]


def test_429_with_long_retry_after_gives_up_at_once_and_says_when(site, fetcher):
    site.set_fault("/press/a.html", "429", retry_after=3600)
    with pytest.raises(SourceUnavailable) as err:
        fetcher.fetch(site.url + "/press/a.html")
    assert err.value.retry_after == 3600 and err.value.status == 429
    assert len(site.requests_for("/press/a.html")) == 1 and fetcher.sleep_log.waits == []


@pytest.mark.parametrize("mode,error", [("404", PageGone), ("403", SourceUnavailable)])
def test_other_4xx_are_not_retried(site, fetcher, mode, error):
    site.set_fault("/press/a.html", mode)
    with pytest.raises(error):
        fetcher.fetch(site.url + "/press/a.html")
    assert len(site.requests_for("/press/a.html")) == 1


@pytest.mark.parametrize("mode", ["cutoff", "reset"])
def test_broken_connections_are_retried(site, fetcher, mode):
    site.set_fault("/press/a.html", mode, times=1)
    assert "日加共同訓練" in fetcher.fetch(site.url + "/press/a.html").body.decode()
    assert len(site.requests_for("/press/a.html")) == 2


def test_a_timeout_is_not_retried_so_a_slow_site_costs_one_wait(site):
    fetcher, sleep = fast_fetcher(read_timeout=0.3)
    site.set_fault("/press/a.html", "slow", times=1, delay=1.5)
    with fetcher:
        with pytest.raises(SourceUnavailable, match="Timed out"):
            fetcher.fetch(site.url + "/press/a.html")
        assert len(site.requests_for("/press/a.html")) == 1 and sleep.waits == []
        assert fetcher.fetch(site.url + "/press/a.html").status == 200  # the next run reads it


def test_huge_body_is_cut_off_at_the_cap(site, fetcher):
    site.set_fault("/press/a.html", "huge")
    with pytest.raises(ResponseTooLarge):
        fetcher.fetch(site.url + "/press/a.html")
    assert len(site.requests_for("/press/a.html")) == 1


def test_declared_length_over_cap_is_refused_before_reading(site):
    fetcher, _ = fast_fetcher(max_response_bytes=100)
    with fetcher, pytest.raises(ResponseTooLarge):
        fetcher.fetch(site.url + "/press/a.html")


def test_redirect_loop_ends_with_a_clear_error(site, fetcher):
    site.set_fault("/press/a.html", "redirect-loop")
    with pytest.raises(SourceUnavailable, match="redirect"):
        fetcher.fetch(site.url + "/press/a.html")
    assert len(site.requests_for("/press/a.html")) == fetcher.settings.max_redirects + 1


def test_redirects_are_followed_and_final_url_reported(site, fetcher):
    site.set_page("/old.html", b"", content_type="text/html")
    site.set_fault("/old.html", "redirect-private", target=site.url + "/press/b.html")
    result = fetcher.fetch(site.url + "/old.html")
    assert result.url == site.url + "/old.html" and result.final_url == site.url + "/press/b.html"


def test_robots_txt_is_obeyed_and_read_once(site, fetcher):
    write_site(site.root, {"/private/x.html": PAGE})
    with pytest.raises(DisallowedByRobots):
        fetcher.fetch(site.url + "/private/x.html")
    fetcher.fetch(site.url + "/press/a.html")
    fetcher.fetch(site.url + "/press/b.html")
    assert len(site.requests_for("/robots.txt")) == 1
    assert site.requests_for("/private/x.html") == []


def test_robots_txt_server_error_means_nothing_is_fetched(site, fetcher):
    site.set_fault("/robots.txt", "500")
    with pytest.raises(SourceUnavailable, match="robots.txt"):
        fetcher.fetch(site.url + "/press/a.html")
    assert site.requests_for("/press/a.html") == []


def test_missing_robots_txt_allows_everything(tmp_path):
    root = write_site(tmp_path / "norobots", {"/a.html": PAGE})
    fetcher, _ = fast_fetcher()
    with SampleSite(root) as s, fetcher:
        assert fetcher.fetch(s.url + "/a.html").status == 200


def test_politeness_spaces_requests_to_one_host(site):
    sleeps = []
    fetcher = Fetcher(fast_settings(per_host_delay=5.0), sleep=sleeps.append)
    with fetcher:
        fetcher.fetch(site.url + "/press/a.html")
        fetcher.fetch(site.url + "/press/b.html", delay=5.0)
    assert sleeps and all(w > 0 for w in sleeps)  # robots + two pages: later ones had to wait their slot


def test_parse_retry_after():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
