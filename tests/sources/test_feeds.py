"""RSS 2.0, RSS 1.0/RDF and Atom; unsafe XML refused before feedparser sees it."""
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from sources.errors import SiteChanged
from sources.feeds import parse_feed

URL = "https://www.example.go.jp/feed.xml"
RSS = """<?xml version="1.0" encoding="{enc}"?>
<!-- Sample feed written for Roadmap Monitor tests; not real releases -->
<rss version="2.0"><channel><title>t</title><link>https://www.example.go.jp/</link><language>ja</language>
<item><title>日加共同訓練について</title><link>/j/press/news/2026/10/28a.html</link>
<description>&lt;p&gt;海上自衛隊は&lt;/p&gt;</description><pubDate>Wed, 28 Oct 2026 15:00:00 +0900</pubDate></item>
</channel></rss>"""
RDF = """<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns="http://purl.org/rss/1.0/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://www.kantei.go.jp/"><title>t</title><link>https://www.kantei.go.jp/</link><description>d</description></channel>
<item rdf:about="https://www.kantei.go.jp/jp/a.html"><title>日・カナダ首脳会談</title><link>https://www.kantei.go.jp/jp/a.html</link><dc:date>2026-03-06T19:30:00+09:00</dc:date></item>
</rdf:RDF>"""
ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>t</title><id>x</id><updated>2026-03-06T00:00:00Z</updated>
<link rel="next" href="https://api.example.ca/feed?page=2"/>
<entry><title>Le Canada et le Japon</title><link rel="alternate" href="https://www.canada.ca/fr/a.html"/><id>a</id>
<published>2026-03-06T09:00:00-05:00</published><updated>2026-03-07T09:00:00-05:00</updated><summary>Résumé</summary></entry>
</feed>"""


def test_rss_item():
    item = parse_feed(RSS.format(enc="UTF-8").encode(), url=URL).items[0]
    assert (item.url, item.title, item.published, item.lang, item.summary) == (
        "https://www.example.go.jp/j/press/news/2026/10/28a.html", "日加共同訓練について", date(2026, 10, 28), "ja", "海上自衛隊は")


def test_shift_jis_feed_with_wrong_header():
    body = RSS.format(enc="Shift_JIS").encode("shift_jis")
    assert parse_feed(body, url=URL, content_type="application/xml; charset=utf-8").items[0].title == "日加共同訓練について"


def test_rdf_dc_date():
    item = parse_feed(RDF.encode(), url=URL, lang="ja").items[0]
    assert (item.published, item.lang) == (date(2026, 3, 6), "ja")


def test_atom_published_and_next_link():
    listing = parse_feed(ATOM.encode(), url=URL)
    assert (listing.items[0].published, listing.items[0].lang, listing.next_url) == (
        date(2026, 3, 6), "fr", "https://api.example.ca/feed?page=2")


def test_empty_feed_is_not_an_error():
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    assert parse_feed(body, url=URL).items == []


def test_html_page_is_not_a_feed():
    with pytest.raises(SiteChanged):
        parse_feed(b"<html><body><h1>403 Forbidden</h1></body></html>", url=URL)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><title>&lol2;</title></channel></rss>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title><item><title>x</title><link>https://a/</link></item></channel></rss>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "http://169.254.169.254/latest/meta-data/">
<rss version="2.0"><channel><title>x</title></channel></rss>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entities_are_refused(body):
    with pytest.raises(SiteChanged, match="refused"):
        parse_feed(body, url=URL)


def test_external_dtd_is_not_fetched(monkeypatch):
    import socket

    attempts = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, addr: attempts.append(addr))
    parse_feed(EXTERNAL_DTD, url=URL)
    assert attempts == []


def test_feed_body_that_looks_like_a_url_is_not_opened():
    with pytest.raises(SiteChanged):
        parse_feed(b"https://example.com/feed.xml", url=URL)


TOKYO, TORONTO = ZoneInfo("Asia/Tokyo"), ZoneInfo("America/Toronto")
EARLY_JST = RSS.replace("Wed, 28 Oct 2026 15:00:00 +0900", "Thu, 29 Oct 2026 00:00:00 +0900")
EVENING_EDT = ATOM.replace("2026-03-06T09:00:00-05:00", "2026-07-09T22:00:00-04:00")
ZULU = ATOM.replace("2026-03-06T09:00:00-05:00", "2026-06-10T15:00:00Z")


def test_jst_midnight_is_the_japanese_date():
    assert parse_feed(EARLY_JST.format(enc="UTF-8").encode(), url=URL, tz=TOKYO).items[0].published == date(2026, 10, 29)


def test_utc_timestamp_becomes_the_next_day_in_tokyo():
    assert parse_feed(ZULU.encode(), url=URL, tz=TOKYO).items[0].published == date(2026, 6, 11)
    assert parse_feed(ZULU.encode(), url=URL).items[0].published == date(2026, 6, 10)


def test_canadian_evening_release_stays_on_its_day():
    assert parse_feed(EVENING_EDT.encode(), url=URL, tz=TORONTO).items[0].published == date(2026, 7, 9)


def test_entry_without_a_link_is_reported_not_dropped_silently():
    body = RSS.replace("</channel>", "<item><title>リンクのない項目</title><link/></item></channel>").format(enc="UTF-8")
    listing = parse_feed(body.encode(), url=URL)
    assert len(listing.items) == 1
    assert len(listing.problems) == 1 and "リンクのない項目" in listing.problems[0]
