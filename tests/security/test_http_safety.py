"""With private addresses refused, the fetcher refuses them before connecting and on every redirect."""
from __future__ import annotations

import ipaddress
import socket

import pytest

import sources.urlsafety as urlsafety
from sources.errors import SourceError, UnsafeURL
from tests.support.http_helpers import SAMPLE_NOTE, fast_fetcher, write_site

FIXTURE_SERVER = ipaddress.ip_address("127.0.0.1")


@pytest.fixture
def site_root(tmp_path):
    return write_site(tmp_path / "site", {"/a.html": f"<p>{SAMPLE_NOTE}</p>"})


@pytest.fixture
def strict(monkeypatch):
    """Private addresses refused, except the fixture server's own 127.0.0.1 (so the test can reach it)."""
    real = urlsafety.unsafe_reason
    monkeypatch.setattr(urlsafety, "unsafe_reason", lambda a: None if a == FIXTURE_SERVER else real(a))
    fetcher, _ = fast_fetcher(allow_private_urls=False)
    yield fetcher
    fetcher.close()


def test_loopback_refused_without_allow_private(site):
    fetcher, _ = fast_fetcher(allow_private_urls=False)
    with fetcher, pytest.raises(UnsafeURL, match="loopback"):
        fetcher.fetch(site.url + "/a.html")
    assert site.requests == []


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/",
                                    "http://167772161/", "http://0xa9.0xfe.0xa9.0xfe/", "http://[::ffff:10.0.0.1]/",
                                    "http://metadata.google.internal/", "file:///etc/passwd"])
def test_redirects_to_internal_addresses_are_refused(site, strict, target):
    site.set_fault("/a.html", "redirect-private", target=target)
    with pytest.raises(UnsafeURL):
        strict.fetch(site.url + "/a.html")
    assert len(site.requests_for("/a.html")) == 1


def test_redirect_to_a_name_resolving_inside_is_refused(site, strict, monkeypatch):
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host == "intranet.example.org":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.0.10", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    site.set_fault("/a.html", "redirect-private", target="http://intranet.example.org/admin")
    with pytest.raises(UnsafeURL, match="intranet.example.org': it resolves to a private address") as err:
        strict.fetch(site.url + "/a.html")
    assert "192.168" not in str(err.value)  # the refusal does not reveal the internal address


def test_connect_time_check_catches_dns_rebinding(site, strict, monkeypatch):
    """The name passes the first check, then resolves inside when the socket is opened."""
    answers = iter([FIXTURE_SERVER, ipaddress.ip_address("10.9.9.9")])
    port = int(site.url.rsplit(":", 1)[1])

    def flip(host, port_, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (str(next(answers)), port_))]

    monkeypatch.setattr(socket, "getaddrinfo", flip)
    with pytest.raises(UnsafeURL, match="rebind.example.org': it resolves to a private address") as err:
        strict.fetch(f"http://rebind.example.org:{port}/a.html")
    assert "10.9.9.9" not in str(err.value)
    assert site.requests == []


def test_redirect_to_an_unparseable_address_is_refused_without_retry(site, strict):
    site.set_fault("/a.html", "redirect-private", target="http://0251.0376.0251.0376/")
    with pytest.raises(SourceError, match="redirect"):
        strict.fetch(site.url + "/a.html")
    assert len(site.requests_for("/a.html")) == 1
