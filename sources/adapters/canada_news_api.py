"""Canada News Centre API (Atom): back-fill by the API's own date filter instead of pagination."""
from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MAX_PICK = 1000  # the API's cap on items per request


class CanadaNewsApi:
    """`publishedDate>=SINCE` and the largest `pick` when back-filling; the configured URL otherwise."""

    kinds: tuple[str, ...] = ("canada-news-api",)  # the source kinds it reads (checked when sources.yaml is loaded)

    def listing_urls(self, cfg, since: date | None) -> list[str]:
        if since is None:
            return [cfg.url]
        parts = urlsplit(cfg.url)
        kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                if not k.startswith("publishedDate") and k != "pick"]
        query = urlencode(kept + [("pick", str(MAX_PICK))])
        # The API spells its filter `publishedDate%3E=YYYY-MM-DD` (published on or after).
        query += f"&publishedDate%3E={since.isoformat()}"
        return [urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))]
