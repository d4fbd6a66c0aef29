"""The one hook that sends the HTTP client's requests somewhere other than the network.

The demo, the tests and the benches install a router (``with route_through(router):``) so that the
real sites' URLs are answered by the local sample server; production code never installs one and no
setting reaches it. A router says which URLs it answers (``routes``) and wraps the network transport
(``wrap``): URLs it does not route still go out through that transport, with every safety check.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator, Protocol

import httpx

__all__ = ["Router", "current_router", "route_through"]


class Router(Protocol):
    def routes(self, url: str) -> bool:
        """True when this router answers ``url`` itself (its host is then neither resolved nor vetted)."""

    def wrap(self, network: httpx.BaseTransport) -> httpx.BaseTransport:
        """A transport that answers routed URLs and hands every other request to ``network``."""


_lock = threading.Lock()
_router: Router | None = None


def current_router() -> Router | None:
    """The installed router, or None (always None in production)."""
    return _router


@contextmanager
def route_through(router: Router) -> Iterator[Router]:
    """Within the block, every Fetcher (in any thread of this process) asks through ``router``."""
    global _router
    with _lock:
        previous, _router = _router, router
    try:
        yield router
    finally:
        with _lock:
            _router = previous
