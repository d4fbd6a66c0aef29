"""Links as reports and pages show them."""
from __future__ import annotations

from urllib.parse import urlsplit


def safe_url(url: str | None) -> str:
    """``url`` if it is http(s), else "" (a release's link must never be ``javascript:``)."""
    if not url:
        return ""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""
    return url.strip() if scheme in ("http", "https") else ""
