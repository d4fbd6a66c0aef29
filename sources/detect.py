"""Telling a feed from a listing page, for sources added ad hoc with ``--kind auto``."""
from __future__ import annotations

import re
from urllib.parse import urljoin

_XML_HEAD = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w:.-]*)",
                       re.DOTALL)
_ALTERNATE = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
FEED_TYPES = {"application/rss+xml": "rss", "application/atom+xml": "atom", "application/rdf+xml": "rdf"}


def detect_kind(body: bytes, content_type: str | None = None) -> str:
    """``rss``, ``atom`` or ``rdf`` for a feed (judged by its root element), else ``html-listing``."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf")
    match = _XML_HEAD.match(head)
    root = match.group(1).decode("ascii", "replace").lower() if match else ""
    if root == "rss":
        return "rss"
    if root == "feed":
        return "atom"
    if root in ("rdf:rdf", "rdf"):
        return "rdf"
    ctype = (content_type or "").split(";", 1)[0].strip().lower()
    if ctype in FEED_TYPES and root not in ("html", "!doctype"):
        return FEED_TYPES[ctype]
    return "html-listing"


def feed_links(body: bytes, base_url: str) -> list[str]:
    """Feeds a page announces with ``<link rel="alternate" type="application/rss+xml" href=...>``."""
    found = []
    for tag in _ALTERNATE.findall(body[:200_000]):
        lowered = tag.lower()
        if b"alternate" in lowered and any(t.encode() in lowered for t in FEED_TYPES):
            href = re.search(rb"""href\s*=\s*["']([^"']+)["']""", tag, re.IGNORECASE)
            if href:
                found.append(urljoin(base_url, href.group(1).decode("utf-8", "replace")))
    return found
