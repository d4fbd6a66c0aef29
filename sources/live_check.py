"""Live checks for ``roadmap sources check``: fetch a source's pages politely, then check them (sources.check).

The fetcher is the project's one HTTP client (sources.http.Fetcher: robots.txt, per-host delay, size cap,
safe redirects); each request waits the source's own `politeness`. Fetch errors become a short reason
for the health table ("blocked: The site answered 403 (…)", "moved: …"), never a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sources.check import ArticleCheck, ListingCheck, check_article, check_listing, check_page, default_as
from sources.config import SourceConfig
from sources.errors import PageGone, ResponseTooLarge, SourceError, SourceUnavailable, UnsafeURL
from sources.parse import listing_urls
from sources.robots import DisallowedByRobots


@dataclass
class SourceHealth:
    """One row of ``roadmap sources check --all``: what the source's URL gave and what its newest release gave."""
    source: str
    url: str
    error: str | None = None
    listing: ListingCheck | None = None
    article: ArticleCheck | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return "failed" if self.error else "problems" if self.problems else "ok"

    def to_json(self) -> dict:
        return {"source": self.source, "url": self.url, "verdict": self.verdict, "error": self.error,
                "items": len(self.listing.items) if self.listing else 0,
                "undated": sum(1 for i in self.listing.items if i.published is None) if self.listing else 0,
                "article": self.article.to_json() if self.article else None, "problems": list(self.problems)}


def fetch_and_check(cfg: SourceConfig, *, fetcher, as_: str | None = None, url: str | None = None,
                    fetched_on: date | None = None) -> ListingCheck | ArticleCheck:
    """Fetch `url` (default: the source's own URL) and check it as `as_` (default: what the source's URL serves).

    Raises SourceError (SourceUnavailable, PageGone, UnsafeURL, ResponseTooLarge) when the page can't be read.
    """
    as_ = as_ or default_as(cfg)
    target = url or cfg.url
    result = fetcher.fetch(target, delay=cfg.politeness)
    return check_page(cfg, result.body, as_=as_, url=result.final_url or target, content_type=result.content_type,
                      fetched_on=fetched_on or date.today())


def source_health(cfg: SourceConfig, *, fetcher, fetched_on: date | None = None) -> SourceHealth:
    """Read the source's listing or feed, then its first listed release; say what was found or why not."""
    fetched_on = fetched_on or date.today()
    url = listing_urls(cfg, since=None)[0]
    health = SourceHealth(source=cfg.name, url=url)
    try:
        page = fetcher.fetch(url, delay=cfg.politeness)
    except SourceError as exc:
        health.error = reason(exc)
        return health
    health.listing = check_listing(cfg, page.body, as_=default_as(cfg), url=page.final_url or url,
                                   content_type=page.content_type, fetched_on=fetched_on)
    health.problems.extend(health.listing.problems)
    if not health.listing.items:
        health.error = health.listing.problems[0] if health.listing.problems else "no items"
        return health
    item = health.listing.items[0]
    try:
        release = fetcher.fetch(item.url, delay=cfg.politeness)
    except SourceError as exc:
        health.problems.append(f"first release: {reason(exc)}")
        return health
    health.article = check_article(cfg, release.body, url=release.final_url or item.url,
                                   content_type=release.content_type, item=item, fetched_on=fetched_on)
    health.problems.extend(f"first release: {p}" for p in health.article.problems)
    return health


def reason(exc: SourceError) -> str:
    """A fetch error as ``kind: message``, in the words operators act on: blocked, moved, unavailable..."""
    if isinstance(exc, DisallowedByRobots):
        return f"robots.txt disallows: {exc}"
    return f"{getattr(exc, 'kind', None) or _kind(exc)}: {exc}"


def _kind(exc: SourceError) -> str:
    # The same words as the fetch-failure kinds that errors carry themselves once they name them (`exc.kind`).
    if isinstance(exc, PageGone):
        return "moved"
    if isinstance(exc, SourceUnavailable) and exc.status in (401, 403):
        return "blocked"
    if isinstance(exc, UnsafeURL):
        return "unsafe URL"
    if isinstance(exc, ResponseTooLarge):
        return "too large"
    return "unavailable"
