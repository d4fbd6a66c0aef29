"""The one place that reaches into httpx's private connection pool (tests/project/test_private_apis.py checks it).

httpx gives no public way to choose the network backend its transport's httpcore pool connects with;
``HTTPTransport._pool._network_backend`` is that choice. Should httpx rename either attribute, this raises
instead of silently connecting without the backend.
"""
from __future__ import annotations

import httpcore
import httpx


class PrivateAPIChanged(RuntimeError):
    """httpx's transport no longer has the private attribute this module relies on."""


def install_network_backend(transport: httpx.HTTPTransport, backend: httpcore.NetworkBackend) -> None:
    """Make ``transport`` open every connection through ``backend``. Raises PrivateAPIChanged when
    httpx or httpcore moved the attributes."""
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_network_backend"):
        raise PrivateAPIChanged("httpx changed: cannot set the network backend of its transport's pool")
    pool._network_backend = backend
