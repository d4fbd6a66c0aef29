"""Failures named for what the site did (blocked, moved, unavailable) and bounded in time."""
from __future__ import annotations

import pytest

from sources.challenge import challenge_reason
from sources.errors import (PageGone, SiteChanged, SourceBlocked, SourceUnavailable, describe,
                            split_failure)
from tests.support.http_helpers import SAMPLE_NOTE, fast_fetcher, write_site

PAGE = f"<html><head><meta charset='utf-8'></head><body>{SAMPLE_NOTE}<p>{'本文。' * 40}</p></body></html>"
CHALLENGE = ("<html><head><title>Just a moment...</title></head><body>"
             "<script src='/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1'></script></body></html>")


@pytest.fixture
def site_root(tmp_path):
    return write_site(tmp_path / "site", {"/press/a.html": PAGE, "/press/gate.html": CHALLENGE})


@pytest.fixture
def fetcher():
    f, _sleep = fast_fetcher()
    yield f
    f.close()


def test_403_is_blocked_and_not_retried(site, fetcher):
    site.set_fault("/press/a.html", "403")
    with pytest.raises(SourceBlocked) as err:
        fetcher.fetch(site.url + "/press/a.html")
    assert err.value.kind == "blocked" and err.value.status == 403
    assert len(site.requests_for("/press/a.html")) == 1


def test_a_challenge_page_served_as_200_is_blocked_not_content(site, fetcher):
    with pytest.raises(SourceBlocked, match="bot challenge"):
        fetcher.fetch(site.url + "/press/gate.html")
    assert fetcher.fetch(site.url + "/press/a.html").status == 200  # an ordinary page is not mistaken for one


def test_challenge_headers_are_recognised_on_any_status():
    assert challenge_reason({"cf-mitigated": "challenge"}, b"", None)
    assert challenge_reason({"x-amzn-waf-action": "captcha"}, b"", "text/html")
    assert challenge_reason({}, PAGE.encode(), "text/html") is None
    assert challenge_reason({}, CHALLENGE.encode(), "application/pdf") is None


@pytest.mark.parametrize("mode,kind", [("404", "moved"), ("500", "unavailable"), ("403", "blocked")])
def test_each_failure_carries_its_kind_into_the_stored_text(site, fetcher, mode, kind):
    site.set_fault("/press/a.html", mode)
    with pytest.raises((PageGone, SourceUnavailable)) as err:
        fetcher.fetch(site.url + "/press/a.html")
    assert split_failure(describe(err.value)) == (kind, str(err.value))


def test_layout_changed_names_the_selector():
    exc = SiteChanged("title selector matches nothing", url="https://x.example/a", selector="#contents h2.title2")
    assert split_failure(describe(exc))[0] == "layout changed: #contents h2.title2"
    assert split_failure("some old free text") == (None, "some old free text")


def test_a_dripping_server_is_cut_off_at_the_request_deadline(site):
    fetcher, sleep = fast_fetcher(read_timeout=0.5)
    fetcher.request_deadline = 1.0  # the drip below needs ~8 s; each piece arrives within the read timeout
    site.set_fault("/press/a.html", "drip", interval=0.1, size=8)
    with fetcher, pytest.raises(SourceUnavailable, match="deadline"):
        fetcher.fetch(site.url + "/press/a.html")
    assert len(site.requests_for("/press/a.html")) == 1 and sleep.waits == []


def test_after_the_run_deadline_nothing_is_asked(site, fetcher):
    with fetcher.run_deadline(0), pytest.raises(SourceUnavailable, match="run's deadline"):
        fetcher.fetch(site.url + "/press/a.html")
    assert site.requests_for("/press/a.html") == []
    with fetcher.run_deadline(60):
        assert fetcher.fetch(site.url + "/press/a.html").status == 200


def test_the_unhealthy_event_carries_the_failure_kind_and_the_next_attempt():
    from datetime import datetime, timezone

    from flows.events import health_events

    blocked = SourceBlocked("The site answered 403", url="https://x.example/press/", status=403)
    when = datetime(2026, 12, 7, 20, 0, tzinfo=timezone.utc)
    [event] = health_events(source="s", healthy_before=True, healthy_after=False, error=describe(blocked),
                            consecutive_failures=1, next_attempt_at=when)
    assert event.payload["failure"] == "blocked" and event.payload["next_attempt_at"] == "2026-12-07T20:00:00+00:00"
    [event] = health_events(source="s", healthy_before=True, healthy_after=False, error="HTTP 500")
    assert event.payload["failure"] == "failed" and event.payload["next_attempt_at"] is None


def test_a_retry_after_on_robots_txt_is_kept_for_the_page(site, fetcher):
    site.set_fault("/robots.txt", "429", retry_after=3600)
    with pytest.raises(SourceUnavailable, match="robots.txt") as err:
        fetcher.fetch(site.url + "/press/a.html")
    assert err.value.retry_after == 3600 and site.requests_for("/press/a.html") == []
