"""Per-source request settings (``request:`` in sources.yaml), checked once when the config is read.

    request:
      headers: {User-Agent: "...", Accept-Language: "ja"}   # sent with every request to the source
      http2: true                                            # negotiate HTTP/2 (httpx's own, via h2)

Without them a source gets our honest User-Agent with its contact URL (settings.user_agent). Headers
that the fetcher owns (conditional requests, compression, framing) or that carry credentials are
refused here rather than silently overridden or stored in a config file.
"""
from __future__ import annotations

import re
from typing import Any, Callable

REQUEST_KEYS = {"headers", "http2"}
# The fetcher sets these itself; credentials do not belong in a config file.
REFUSED_HEADERS = {"host", "content-length", "transfer-encoding", "connection", "te", "upgrade",
                   "accept-encoding", "if-none-match", "if-modified-since", "cookie", "authorization",
                   "proxy-authorization"}
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an HTTP header name (RFC 9110 token)
_BAD_VALUE = re.compile(r"[\r\n\x00]")


def check_request(value: Any, fail: Callable[[str, str], Exception]) -> dict:
    """The validated ``request`` mapping of a source entry ({} when absent).

    ``fail(field, why)`` builds the exception to raise (SourceConfigError naming the entry).
    """
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise fail("request", "must be a mapping with headers and/or http2")
    for key in value:
        if key not in REQUEST_KEYS:
            raise fail(f"request.{key}", f"is not known; expected one of {', '.join(sorted(REQUEST_KEYS))}")
    out: dict = {}
    if "http2" in value:
        if not isinstance(value["http2"], bool):
            raise fail("request.http2", "must be true or false")
        out["http2"] = value["http2"]
    if "headers" in value:
        out["headers"] = _check_headers(value["headers"], fail)
    return out


def _check_headers(headers: Any, fail) -> dict[str, str]:
    if not isinstance(headers, dict):
        raise fail("request.headers", "must be a mapping of header names to values")
    for name, val in headers.items():
        if not isinstance(name, str) or not _TOKEN.match(name):
            raise fail("request.headers", f"{name!r} is not a header name")
        if name.lower() in REFUSED_HEADERS:
            raise fail(f"request.headers.{name}", "is set by the fetcher or carries credentials; not configurable")
        if not isinstance(val, str) or not val.strip() or _BAD_VALUE.search(val):
            raise fail(f"request.headers.{name}", "must be a non-empty one-line string")
    return dict(headers)
