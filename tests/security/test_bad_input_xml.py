"""Feeds with entity expansion (billion laughs, quadratic blow-up) or external entities/DTDs are refused
as SiteChanged, without expanding or fetching anything; over HTTP the source's health says so,
and ad-hoc registration refuses them too."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.ingest import ingest_source
from sources.config import source_from_dict
from sources.errors import SiteChanged
from sources.feeds import parse_feed
from sources.parse import parse_listing
from tests.support.http_helpers import SAMPLE_NOTE, write_site
from tests.support.ingest_helpers import fetcher_for_tests, source_row

LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
BOMBS = {
    "billion-laughs": f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{LAUGHS}]>'
                      '<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
                      '<link>https://example.org/a</link></item></channel></rss>',
    "quadratic": '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + "x" * 50_000 + '">]><rss version="2.0">'
                 "<channel><item><title>" + "&a;" * 2000 + "</title><link>https://example.org/a</link></item>"
                 "</channel></rss>",
    "external-file": '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                     '<rss version="2.0"><channel><item><title>&xxe;</title><link>https://example.org/a</link>'
                     "</item></channel></rss>",
    "external-http": '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY % ext SYSTEM "http://169.254.169.254/x"> %ext;]>'
                     '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title>'
                     '<link href="https://example.org/a"/></entry></feed>',
    "external-dtd": '<?xml version="1.0"?><!DOCTYPE rdf:RDF SYSTEM "http://169.254.169.254/evil.dtd">'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
                    '<item rdf:about="https://example.org/a"><title>&ent;</title><link>https://example.org/a</link>'
                    "</item></rdf:RDF>",
    "lowercase-entity": '<?xml version="1.0"?><!DOCTYPE rss [<!entity a "aaaa">]><rss version="2.0"><channel>'
                        "<item><title>&a;</title><link>https://example.org/a</link></item></channel></rss>",
}
ENCODINGS = {"utf-8": "utf-8", "utf-16": "utf-16"}  # a UTF-16 body hides `<!ENTITY` from a byte search


def bomb_bytes(name: str, encoding: str) -> bytes:
    text = BOMBS[name]
    if encoding != "utf-8":
        text = text.replace('<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{encoding}"?>')
    return text.encode(encoding)


def refused(call) -> str:
    with pytest.raises(SiteChanged) as err:
        call()
    return str(err.value)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("name", [n for n in BOMBS if n not in ("external-dtd", "lowercase-entity")])
def test_entity_declarations_are_refused(name, encoding):
    message = refused(lambda: parse_feed(bomb_bytes(name, encoding), url="https://example.org/feed"))
    assert "refused" in message or "entit" in message.lower()


@pytest.mark.parametrize("kind", ["rss", "atom", "rdf"])
@pytest.mark.parametrize("name", list(BOMBS))
def test_no_feed_kind_expands_or_fetches_anything(name, kind, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the parser tried to open a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    cfg = source_from_dict("bomb_feed", {"ministry": "m", "country": "JP", "language": "en", "kind": kind,
                                         "url": "https://example.org/feed"})
    try:
        listing = parse_listing(cfg, bomb_bytes(name, "utf-8"), url=cfg.url)
    except SiteChanged:
        listing = None
    if listing is not None:  # only an undeclared entity may pass (nothing to expand): no text leaks in
        assert name == "external-dtd"
        assert all("root:" not in (i.title + i.summary) and "lol" not in i.title for i in listing.items)


def test_a_feed_turned_bomb_marks_the_source_unhealthy(engine, tmp_path):
    from samples.server import SampleSite
    from models import sources_repo
    from sqlmodel import Session

    root = write_site(tmp_path / "site", {"/feed.xml": bomb_bytes("billion-laughs", "utf-8"),
                                          "/a.html": f"<html><body>{SAMPLE_NOTE}<h1>t</h1></body></html>"})
    with SampleSite(root) as site:
        entry = {"ministry": "m", "country": "CA", "language": "en", "kind": "rss", "url": site.url + "/feed.xml",
                 "politeness": 0}
        with Session(engine) as s:
            sources_repo.upsert_source(session=s, name="bomb_feed", kind="rss", url=entry["url"], origin="adhoc",
                                       settings={"config": entry})
        fetcher = fetcher_for_tests()
        summary = ingest_source(source_name="bomb_feed", engine=engine, fetcher=fetcher, since=date(2000, 1, 1))
        fetcher.close()
    assert summary.error and "entit" in summary.error.lower() and summary.new == 0
    row = source_row(engine, "bomb_feed")
    assert not row.healthy and "entit" in row.last_error.lower()


@pytest.mark.parametrize("kind", ["rss", "auto"])
def test_adhoc_registration_refuses_a_bomb(engine, tmp_path, kind):
    from pipeline.adhoc import register_adhoc_source
    from samples.server import SampleSite

    root = write_site(tmp_path / "site", {"/feed.xml": bomb_bytes("billion-laughs", "utf-16")})
    with SampleSite(root) as site:
        fetcher = fetcher_for_tests()
        with pytest.raises(SiteChanged):
            register_adhoc_source(name="bomb_adhoc", url=site.url + "/feed.xml", kind=kind, country="CA",
                                  engine=engine, fetcher=fetcher)
        fetcher.close()
