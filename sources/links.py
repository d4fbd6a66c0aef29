"""Links found in pages and feeds, made absolute; malformed ones (`http://[`) are skipped, not fatal."""
from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit


def absolute_url(base: str, href: str | None) -> str | None:
    """`href` resolved against `base`, fragment dropped; None unless the result is a well-formed http(s) URL."""
    if not href or not href.strip():
        return None
    try:
        url = urldefrag(urljoin(base, href.strip()))[0]
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None
