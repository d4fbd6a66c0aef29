"""URL safety: every spelling of an internal address is refused; public ones pass."""
from __future__ import annotations

import ipaddress
import socket

import pytest

from sources.errors import SourceUnavailable, UnsafeURL
from sources.urlsafety import check_url, parse_ip_literal

UNSAFE = [
    "http://127.0.0.1/", "http://127.1/", "http://2130706433/", "http://0x7f.1/", "http://0x7f000001/",
    "http://0177.0.0.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/",
    "http://10.0.0.5/", "http://192.168.1.1:8080/x", "http://172.16.0.1/", "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://0.0.0.0/", "http://0/",
    "http://224.0.0.1/", "http://[fe80::1]/", "http://localhost/", "http://LOCALHOST./",
    "http://metadata.google.internal/computeMetadata/v1/", "http://%31%32%37.0.0.1/", "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/",
]


@pytest.mark.parametrize("url", UNSAFE)
def test_internal_addresses_are_refused_in_every_spelling(url):
    with pytest.raises(UnsafeURL) as err:
        check_url(url, allow_private=False)
    assert "ROADMAP_ALLOW_PRIVATE_URLS" in str(err.value) or "internal name" in str(err.value)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/", "gopher://x/", "javascript:alert(1)", "http:///nohost"])
def test_other_schemes_and_hostless_urls_are_refused_even_when_private_allowed(url):
    with pytest.raises(UnsafeURL):
        check_url(url, allow_private=True)


def test_public_literal_address_passes():
    check_url("https://8.8.8.8/feed.xml", allow_private=False)


def test_dns_names_are_resolved_and_every_address_checked(monkeypatch):
    def fake_getaddrinfo(host, port, *args, **kwargs):
        answers = {"news.example.org": ["93.184.216.34"], "rebind.example.org": ["93.184.216.34", "10.1.2.3"]}
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    check_url("https://news.example.org/press/", allow_private=False)
    with pytest.raises(UnsafeURL, match="rebind.example.org': it resolves to a private address") as err:
        check_url("https://rebind.example.org/press/", allow_private=False)
    assert "10.1.2.3" not in str(err.value)  # a refusal must not map the internal network for the asker


def test_unresolvable_name_is_unavailable_not_unsafe(monkeypatch):
    def fail(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(SourceUnavailable, match="Cannot resolve"):
        check_url("https://nowhere.example/", allow_private=False)


def test_allow_private_permits_loopback():
    check_url("http://127.0.0.1:8000/press/", allow_private=True)


@pytest.mark.parametrize("spelling,address", [("127.1", "127.0.0.1"), ("0x7f.1", "127.0.0.1"),
                                              ("2130706433", "127.0.0.1"), ("0300.0250.0.1", "192.168.0.1"),
                                              ("10.1", "10.0.0.1"), ("example.org", None), ("1.2.3.4.5", None),
                                              ("256.1.1.1", None), ("0x", "0.0.0.0")])
def test_parse_ip_literal_reads_inet_aton_forms(spelling, address):
    expected = ipaddress.ip_address(address) if address else None
    assert parse_ip_literal(spelling) == expected


@pytest.mark.parametrize("url", ["http://８.８.８.８/", "http://1.1.1.1１/",
                                 "http://ｅｘａｍｐｌｅ.org/"])
@pytest.mark.parametrize("allow_private", [False, True])
def test_hosts_the_client_would_read_otherwise_are_refused_cleanly(url, allow_private):
    with pytest.raises(UnsafeURL, match="not ASCII|Not a valid URL"):
        check_url(url, allow_private=allow_private)


@pytest.mark.parametrize("url", ["https://user:secret@www.mofa.go.jp/feed.xml", "https://token@example.org/rss",
                                 "http://:pw@example.org/", "http://@example.org/"])
@pytest.mark.parametrize("allow_private", [False, True])
def test_urls_with_credentials_are_refused_without_echoing_them(url, allow_private):
    with pytest.raises(UnsafeURL, match="user name or password") as err:
        check_url(url, allow_private=allow_private)
    assert "secret" not in str(err.value) and "token" not in str(err.value) and "pw" not in str(err.value)
