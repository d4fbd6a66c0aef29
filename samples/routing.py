"""Route the real sites' URLs to the local sample servers, in the HTTP transport (tests, demo, benches).

``with serve_routed(sites):`` (``sites``: source name → running SampleSite) makes every Fetcher in this
process answer the configured sources' real URLs from those servers, so sources, listings and documents
keep their real URLs everywhere (the database included) and only the transport knows of 127.0.0.1.
A request goes to the site whose source URL has its host and path and shares the most query
parameters with it (several sources share one feed endpoint and differ by query, which a back-fill
widens), else to the first site on its host that has the path, else to the first site of that host;
its path, query and Host header are kept. Hosts of no sample site go to the
network as usual.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator
from urllib.parse import parse_qsl, urlsplit

import httpx

from samples.server import SampleSite
from sources.config import SourceConfig, load_sources
from sources.transport_hook import route_through

# Article links of the sample pages point at these domains' hosts (the feeds' hosts are often others).
SITE_DOMAINS = ("go.jp", "gc.ca", "canada.ca", "newswire.ca")


class SampleRoutes:
    """Which sample site answers a URL; a Router for ``sources.transport_hook``."""

    def __init__(self, sites: dict[str, SampleSite], configs: dict[str, SourceConfig] | None = None):
        configs = configs if configs is not None else {c.name: c for c in load_sources()}
        unknown = sorted(set(sites) - set(configs))
        if unknown:
            raise KeyError(f"not configured sources: {', '.join(unknown)}")
        self.sites = dict(sites)
        self._feeds: dict[tuple[str, str], list[tuple[set[tuple[str, str]], SampleSite]]] = {}
        self._by_host: dict[str, list[SampleSite]] = {}
        for name, site in self.sites.items():
            parts = urlsplit(configs[name].url)
            host = (parts.hostname or "").lower()
            self._feeds.setdefault((host, parts.path or "/"), []).append((_pairs(parts.query), site))
            self._by_host.setdefault(host, []).append(site)

    def routes(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return host in self._by_host or any(host == d or host.endswith("." + d) for d in SITE_DOMAINS)

    def site_for(self, url: str) -> SampleSite | None:
        """The site answering ``url``; None when it is not routed."""
        if not self.routes(url):
            return None
        parts = urlsplit(url)
        host, path = (parts.hostname or "").lower(), parts.path or "/"
        feeds = self._feeds.get((host, path))
        if feeds:
            asked = _pairs(parts.query)
            return max(feeds, key=lambda feed: len(feed[0] & asked))[1]  # max keeps the first of equals
        on_host = self._by_host.get(host, [])
        candidates = on_host + [s for s in self.sites.values() if s not in on_host]
        return next((s for s in candidates if s.page(path) is not None), (on_host or candidates or [None])[0])

    def wrap(self, network: httpx.BaseTransport) -> httpx.BaseTransport:
        return SampleTransport(self, network)


def _pairs(query: str) -> set[tuple[str, str]]:
    return set(parse_qsl(query, keep_blank_values=True))


class SampleTransport(httpx.BaseTransport):
    """Sends routed requests to their sample server (over loopback, Host header kept), others to ``network``."""

    def __init__(self, routes: SampleRoutes, network: httpx.BaseTransport):
        self.routes, self.network = routes, network
        self.local = httpx.HTTPTransport(trust_env=False, retries=0)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        site = self.routes.site_for(str(request.url))
        if site is None:
            return self.network.handle_request(request)
        served = urlsplit(site.url)
        request.url = request.url.copy_with(scheme="http", host=served.hostname, port=served.port)
        return self.local.handle_request(request)  # the Host header still names the real site

    def close(self) -> None:
        self.local.close()
        self.network.close()


@contextmanager
def serve_routed(sites: dict[str, SampleSite], configs: dict[str, SourceConfig] | None = None
                 ) -> Iterator[SampleRoutes]:
    """Within the block, Fetchers read the configured sources' real URLs from ``sites``."""
    routes = SampleRoutes(sites, configs)
    with route_through(routes):
        yield routes
