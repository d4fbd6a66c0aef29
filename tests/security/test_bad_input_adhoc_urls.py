"""Ad-hoc sources pointing inside our network are refused, in every spelling, before any request:
loopback, private, link-local, CGNAT and cloud metadata, as decimal, hex, octal, short forms, IPv6
(mapped, NAT64, 6to4), names that resolve there, and redirects there. URL-parser tricks (userinfo,
backslashes, fragments) must not let a request reach an internal address either.
"""
from __future__ import annotations

import ipaddress
import socket
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.adhoc import register_adhoc_source
from samples.server import SampleSite
from sources.errors import SourceError, UnsafeURL
from tests.support.http_helpers import SAMPLE_NOTE, write_site
from tests.support.ingest_helpers import fetcher_for_tests, strict_safety

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
SPELLINGS = [
    "http://127.0.0.1/feed", "http://127.1/feed", "http://2130706433/feed", "http://0x7f000001/feed",
    "http://0x7f.0.0.1/feed", "http://0177.0.0.1/feed", "http://017700000001/feed", "http://127.000.000.001/feed",
    "http://[::1]/feed", "http://[::ffff:127.0.0.1]/feed", "http://[::ffff:7f00:1]/feed", "http://[0:0:0:0:0:ffff:7f00:1]/",
    "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::]/", "http://0.0.0.0/", "http://0/",
    "http://10.1.2.3/", "http://012.1.2.3/", "http://167772161/", "http://172.31.255.255/", "http://192.168.0.1/",
    "http://0xc0a80001/", "http://100.64.0.1/", "http://169.254.10.10/", "http://[fe80::1%25eth0]/",
    "http://169.254.169.254/latest/meta-data/", "http://2852039166/", "http://0xa9fea9fe/", "http://0251.0376.0251.0376/",
    "http://[::ffff:169.254.169.254]/", "http://[fd00:ec2::254]/", "http://100.100.100.200/",
    "http://metadata.google.internal/computeMetadata/v1/", "http://metadata/", "http://localhost:8080/",
    "http://LocalHost./", "http://feeds.localhost/", "http://%6c%6f%63%61%6c%68%6f%73%74/", "http://127.0.0.1.:80/",
    "http://example.org@127.0.0.1/", "http://user:pw@[::1]:80/", "https://169.254.169.254:443/",
]
INTERNAL_NETS = ["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10",
                 "0.0.0.0/8"]


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("ROADMAP_ALLOW_PRIVATE_URLS", "0")
    from config.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def no_connections(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize("url", SPELLINGS)
def test_internal_addresses_are_refused_before_any_request(engine, monkeypatch, url):
    no_connections(monkeypatch)
    with pytest.raises(UnsafeURL):
        register_adhoc_source(name="sneaky", url=url, kind="rss", country="CA", engine=engine)


def spell(address: ipaddress.IPv4Address, how: str) -> str:
    n = int(address)
    octets = [int(o) for o in str(address).split(".")]
    return {"decimal": str(n), "hex": hex(n), "octal-dotted": ".".join(oct(o).replace("0o", "0") for o in octets),
            "hex-dotted": ".".join(hex(o) for o in octets), "short": f"{octets[0]}.{n & 0xFFFFFF}",
            "mapped": f"[::ffff:{address}]", "dotted": str(address)}[how]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(net=st.sampled_from(INTERNAL_NETS), offset=st.integers(0, 2 ** 32),
       how=st.sampled_from(["decimal", "hex", "octal-dotted", "hex-dotted", "short", "mapped", "dotted"]))
def test_any_internal_ipv4_in_any_spelling_is_refused(engine, net, offset, how):
    network = ipaddress.ip_network(net)
    address = network[offset % network.num_addresses]
    with pytest.raises(UnsafeURL):
        register_adhoc_source(name="sneaky", url=f"http://{spell(address, how)}/feed", kind="rss", country="CA",
                              engine=engine)


@pytest.mark.parametrize("answer", ["127.0.0.1", "10.0.0.8", "169.254.169.254", "::1", "::ffff:192.168.1.1",
                                    "fd00:ec2::254"])
def test_names_resolving_inside_are_refused(engine, monkeypatch, answer):
    family = socket.AF_INET6 if ":" in answer else socket.AF_INET

    def fake(host, port, *args, **kwargs):
        return [(family, socket.SOCK_STREAM, 6, "", (answer, port or 80))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    no_connections(monkeypatch)
    with pytest.raises(UnsafeURL, match="ROADMAP_ALLOW_PRIVATE_URLS"):
        register_adhoc_source(name="sneaky", url="https://news.example.org/feed.xml", kind="rss", country="CA",
                              engine=engine)


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/", "http://2130706434:22/",
                                    "http://[::ffff:10.0.0.1]/", "http://localhost/", "http://0x7f.2/admin",
                                    "http://metadata.google.internal/", "file:///etc/passwd", "gopher://127.0.0.1/"])
def test_redirects_inside_are_refused(engine, monkeypatch, tmp_path, target):
    strict_safety(monkeypatch)  # the fixture server's own 127.0.0.1 stays reachable (so targets avoid it)
    root = write_site(tmp_path / "site", {"/feed.xml": f"<rss>{SAMPLE_NOTE}</rss>"})
    with SampleSite(root) as site:
        site.set_fault("/feed.xml", "redirect-private", target=target)
        fetcher = fetcher_for_tests(allow_private_urls=False)
        with pytest.raises(SourceError) as err:
            register_adhoc_source(name="sneaky", url=site.url + "/feed.xml", kind="rss", country="CA",
                                  engine=engine, fetcher=fetcher)
        fetcher.close()
    assert isinstance(err.value, UnsafeURL) or "redirect" in str(err.value).lower()
    assert len(site.requests_for("/feed.xml")) == 1  # refused, not retried


@pytest.mark.parametrize("url", ["http://127.0.0.1\\@example.org/", "http://example.org\\@127.0.0.1/",
                                 "http://127.0.0.1#@example.org/", "http://127.0.0.1?@example.org/",
                                 "http://example.org%2f@127.0.0.1/", "http://[::1]\\@example.org/"])
def test_url_parser_tricks_never_reach_an_internal_address(engine, monkeypatch, url):
    """Whatever host our check sees, the request (if any) must not go inside."""
    real = socket.getaddrinfo

    def public_only(host, port, *args, **kwargs):
        if host in ("example.org", "example.org\\"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port or 80))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", public_only)
    reached = []

    def record(self, address):
        reached.append(address)
        raise ConnectionRefusedError("test: no network")

    monkeypatch.setattr(socket.socket, "connect", record)
    try:
        register_adhoc_source(name="sneaky", url=url, kind="rss", country="CA", engine=engine,
                              fetcher=fetcher_for_tests(allow_private_urls=False))
    except SourceError:
        pass
    internal = [a for a in reached if not ipaddress.ip_address(a[0].split("%")[0]).is_global]
    assert not internal, (url, reached)


@pytest.mark.slow  # a `roadmap`/python subprocess: seconds of imports
@pytest.mark.parametrize("url", ["http://2130706433/feed", "http://[::ffff:169.254.169.254]/"])
def test_the_cli_refuses_with_one_clear_line(engine, url):
    import os

    env = dict(os.environ, ROADMAP_ALLOW_PRIVATE_URLS="0",
               ROADMAP_DATABASE_URL=engine.url.render_as_string(hide_password=False))
    out = subprocess.run([sys.executable, "-m", "cli.main", "sources", "add", "sneaky", url, "--country", "CA"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr[-2000:]
    assert out.stderr.startswith("error:") and "ROADMAP_ALLOW_PRIVATE_URLS" in out.stderr.replace("\n", "")
