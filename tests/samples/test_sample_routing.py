"""The sample sites answer the sources' real URLs through the HTTP transport; production safety is unchanged."""
from __future__ import annotations

from datetime import date

import httpx
import pytest

from tests.support.http_helpers import fast_fetcher
from samples.routing import SampleRoutes, serve_routed
from samples.server import SITES_DIR, SampleSite
from sources.config import load_sources
from sources.errors import UnsafeURL
from sources.parse import listing_urls
from sources.transport_hook import current_router

CONFIGS = {cfg.name: cfg for cfg in load_sources()}


@pytest.fixture
def strict():
    """A fetcher with production's safety: no private address allowed (the transport is the only way in)."""
    fetcher, _sleep = fast_fetcher(allow_private_urls=False)
    yield fetcher
    fetcher.close()


@pytest.fixture
def sites():
    served = {name: SampleSite(SITES_DIR / name).start() for name in ("mofa_press_ja", "gac_news_en", "dnd_news_en")}
    yield served
    for site in served.values():
        site.stop()


def test_a_real_url_is_answered_by_its_sample_site_with_the_host_header_kept(strict, sites):
    url = CONFIGS["mofa_press_ja"].url
    with serve_routed(sites):
        result = strict.fetch(url)
    site = sites["mofa_press_ja"]
    assert result.status == 200 and result.final_url == url
    assert result.body == (site.root / "mofaj/press/release/index.html").read_bytes()
    [request] = site.requests_for("/mofaj/press/release/index.html")
    assert {k.lower(): v for k, v in request.headers.items()}["host"] == "www.mofa.go.jp"


def test_sources_sharing_a_feed_endpoint_reach_their_own_site_by_query(strict, sites):
    with serve_routed(sites):
        for name in ("gac_news_en", "dnd_news_en"):
            assert strict.fetch(CONFIGS[name].url).status == 200
    for name in ("gac_news_en", "dnd_news_en"):
        [request] = sites[name].requests_for("/io-server/gc/news/en/v2")
        assert request.query == CONFIGS[name].url.split("?", 1)[1]


def test_a_widened_feed_query_still_reaches_the_sources_own_site(sites):
    routes = SampleRoutes(sites, CONFIGS)
    for name in ("gac_news_en", "dnd_news_en"):  # a back-fill adds a date filter and a larger page
        [widened] = listing_urls(CONFIGS[name], since=date(2019, 1, 1))
        assert widened != CONFIGS[name].url and routes.site_for(widened) is sites[name]


def test_an_article_on_another_host_goes_to_the_site_that_has_it(sites):
    routes = SampleRoutes(sites, CONFIGS)
    article = next((sites["dnd_news_en"].root / "en").rglob("*.html")).relative_to(sites["dnd_news_en"].root)
    assert routes.site_for(f"https://www.canada.ca/{article.as_posix()}") is sites["dnd_news_en"]
    assert routes.site_for("https://example.org/x") is None


def test_loopback_is_reached_only_through_the_transport(strict, sites):
    site = sites["mofa_press_ja"]
    with serve_routed(sites):
        with pytest.raises(UnsafeURL):
            strict.fetch(site.url + "/mofaj/press/release/index.html")
        site.set_fault("/mofaj/press/release/index.html", "redirect-private", target=site.url + "/")
        with pytest.raises(UnsafeURL, match="redirect"):
            strict.fetch(CONFIGS["mofa_press_ja"].url)
    assert current_router() is None  # gone with the block: production never has one


def test_unrouted_hosts_go_to_the_network_transport(sites):
    asked = []
    network = httpx.MockTransport(lambda request: asked.append(str(request.url)) or httpx.Response(204))
    transport = SampleRoutes(sites, CONFIGS).wrap(network)
    with httpx.Client(transport=transport) as client:
        assert client.get("https://example.org/page").status_code == 204
        assert client.get(CONFIGS["mofa_press_ja"].url).status_code == 200
    assert asked == ["https://example.org/page"]


def test_an_unconfigured_site_name_is_refused(sites):
    with pytest.raises(KeyError, match="no_such_source"):
        SampleRoutes({"no_such_source": sites["mofa_press_ja"]}, CONFIGS)
