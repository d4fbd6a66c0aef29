"""A site we have never configured, as a person adding it by hand would find it: a feed, a listing, three releases."""
from __future__ import annotations

from pathlib import Path

import pytest

from samples.server import SampleSite
from tests.support.http_helpers import SAMPLE_NOTE, write_site

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body>
{note}<nav><a href="/">Home</a></nav><main><h1>{title}</h1><p class="date">{when}</p>
<p>Sample release written for Roadmap Monitor tests. The ministers of Japan and Canada met and agreed to
deepen cooperation on {topic}, including a new dialogue to be held every year in Tokyo and Ottawa.</p>
<p>Both sides reaffirmed the Comprehensive Strategic Roadmap released on 6 March 2026.</p></main></body></html>"""
TOPICS = [("critical minerals", "March 10, 2026"), ("maritime security", "April 2, 2026"),
          ("energy", "May 5, 2026")]


def pages() -> dict[str, str]:
    out = {}
    for i, (topic, when) in enumerate(TOPICS, 1):
        out[f"/news/{i}.html"] = ARTICLE.format(title=f"Sample meeting on {topic}", when=when, topic=topic,
                                                note=SAMPLE_NOTE)
    return out


def feed(base: str) -> str:
    items = "".join(f"<item><title>Sample meeting on {t}</title><link>{base}/news/{i}.html</link>"
                    f"<pubDate>{d}</pubDate></item>" for i, (t, d) in enumerate(
                        [(t, f"Tue, {i + 9} Mar 2026 09:00:00 +0000") for i, (t, _) in enumerate(TOPICS)], 1))
    return (f"<?xml version='1.0' encoding='utf-8'?>\n<!-- Sample written for Roadmap Monitor tests -->\n"
            f"<rss version='2.0'><channel><title>Sample news</title><link>{base}/</link>{items}</channel></rss>")


LISTING = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>News</title></head><body>{note}
<header><a href="/">Home</a> <a href="/about.html">About us</a></header><main><h1>News releases</h1><ul>
<li><span>2026-03-10</span> <a href="/news/1.html">Sample meeting on critical minerals</a></li>
<li><span>2026-04-02</span> <a href="/news/2.html">Sample meeting on maritime security</a></li>
<li><span>2026-05-05</span> <a href="/news/3.html">Sample meeting on energy</a></li></ul></main></body></html>"""


def adhoc_root(tmp_path: Path) -> Path:
    """The site's release pages, written under ``tmp_path``."""
    return write_site(tmp_path / "adhoc", pages())


def add_feed_and_listing(site: SampleSite) -> None:
    """The feed and the listing, which name the started site's address (a `site_setup`)."""
    site.set_page("/feed.xml", feed(site.url))
    site.set_page("/news/index.html", LISTING.format(note=SAMPLE_NOTE))


def adhoc_site_fixtures():
    """(site_root, site_setup) fixtures: the shared `site` serves a site no source is configured for, with a
    feed and a listing naming its address. Use: ``site_root, site_setup = adhoc_site_fixtures()``."""
    @pytest.fixture
    def site_root(tmp_path):
        return adhoc_root(tmp_path)

    @pytest.fixture
    def site_setup():
        return add_feed_and_listing

    return site_root, site_setup
