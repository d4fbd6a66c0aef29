"""The sample server itself: pages, validators, the fault modes, the request log."""
from __future__ import annotations

import socket

import httpx
import pytest

from samples.server import SampleSite, serve_sites
from tests.support.http_helpers import SAMPLE_NOTE, write_site

PAGE = f"<html><head><meta charset='utf-8'></head><body>{SAMPLE_NOTE}<p>日加</p></body></html>"


@pytest.fixture
def site_root(tmp_path):
    return write_site(tmp_path / "site", {"/press/index.html": PAGE, "/feed.xml": "<?xml version='1.0'?><rss/>",
                                          "/sjis.html": "<meta charset=Shift_JIS>日本".encode("shift_jis")})


def test_serves_files_with_validators_and_304(site):
    first = httpx.get(site.url + "/press/")
    assert first.status_code == 200 and "日加" in first.text
    assert first.headers["content-type"] == "text/html; charset=utf-8"
    again = httpx.get(site.url + "/press/", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    by_date = httpx.get(site.url + "/press/", headers={"If-Modified-Since": first.headers["last-modified"]})
    assert by_date.status_code == 304
    assert [r.status for r in site.requests] == [200, 304, 304]


def test_content_types_follow_the_file(site):
    assert httpx.get(site.url + "/feed.xml").headers["content-type"].startswith("application/rss+xml")
    assert httpx.get(site.url + "/sjis.html").headers["content-type"] == "text/html; charset=Shift_JIS"
    assert httpx.get(site.url + "/missing.html").status_code == 404
    assert httpx.get(site.url + "/../../etc/passwd").status_code == 404


def test_faults_apply_for_n_requests_then_stop(site):
    site.set_fault("/press/*", "500", times=2)
    assert [httpx.get(site.url + "/press/index.html").status_code for _ in range(3)] == [500, 500, 200]


@pytest.mark.parametrize("mode,status,header", [("403", 403, None), ("404", 404, None), ("304", 304, None),
                                                ("429", 429, "retry-after"), ("redirect-loop", 302, "location"),
                                                ("redirect-private", 302, "location")])
def test_status_faults(site, mode, status, header):
    site.set_fault("*", mode)
    resp = httpx.get(site.url + "/press/index.html")
    assert resp.status_code == status
    if header:
        assert header in resp.headers
    if mode == "redirect-private":
        assert "169.254.169.254" in resp.headers["location"]


def test_charset_faults(site):
    site.set_fault("/sjis.html", "wrong-charset", times=1)
    site.set_fault("/sjis.html", "no-charset", times=1)
    assert httpx.get(site.url + "/sjis.html").headers["content-type"] == "text/html; charset=utf-8"
    assert httpx.get(site.url + "/sjis.html").headers["content-type"] == "text/html"


def test_cutoff_reset_huge_and_malformed(site):
    site.set_fault("/press/index.html", "cutoff", times=1)
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.get(site.url + "/press/index.html")
    site.set_fault("/press/index.html", "reset", times=1)
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        httpx.get(site.url + "/press/index.html")
    site.set_fault("/press/index.html", "huge", times=1, size=3_000_000)
    assert len(httpx.get(site.url + "/press/index.html").content) >= 3_000_000
    site.set_fault("/press/index.html", "malformed", times=1)
    assert b"<<<" in httpx.get(site.url + "/press/index.html").content


def test_slow_fault_trips_a_client_timeout(site):
    site.set_fault("/press/index.html", "slow", times=1, delay=1.0)
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(site.url + "/press/index.html", timeout=0.2)


def test_set_page_changes_the_etag(site):
    before = httpx.get(site.url + "/press/index.html").headers["etag"]
    site.set_page("/press/index.html", PAGE.replace("日加", "日カナダ"))
    after = httpx.get(site.url + "/press/index.html")
    assert after.headers["etag"] != before and "日カナダ" in after.text


def test_stop_closes_the_port(tmp_path):
    site = SampleSite(write_site(tmp_path, {"/a.html": PAGE})).start()
    host, port = site._server.server_address[:2]
    site.stop()
    with pytest.raises(OSError):
        socket.create_connection((host, port), timeout=1).close()


def test_serve_sites_serves_named_folders(tmp_path):
    write_site(tmp_path / "demo_site", {"/index.html": PAGE})
    sites = serve_sites(["demo_site"], sites_dir=tmp_path)
    assert httpx.get(sites["demo_site"].url + "/").status_code == 200
