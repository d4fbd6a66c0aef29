"""What the golden files of the per-source tests hold: a source's sample site parsed as the fetcher would read it
(its configuration's essentials, the listing or feed and every older page it leads to, each listed release
parsed with its listing item, any other page of the sample site parsed as a release reached without one),
reduced to plain JSON so that a change in any parser shows as a diff."""
from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from sources.errors import SiteChanged
from sources.parse import Listing, ListingItem, ParsedRelease, parse_article, parse_listing
from tests.support.source_fixtures import FETCHED_ON, SITES, listing, page, release, source

GOLDEN = Path(__file__).resolve().parents[1] / "sources" / "golden"
UPDATE_HINT = "if the change is intended, rewrite the golden files: pytest tests/sources/sites --update-golden"


def golden_path(name: str) -> Path:
    return GOLDEN / f"{name}.json"


def _on_disk(name: str, url: str) -> bool:
    path = SITES / name / urlsplit(url).path.lstrip("/")
    return path.is_file() or (path / "index.html").is_file()


def _item(item: ListingItem) -> dict:
    return {"url": item.url, "title": item.title, "published": _day(item.published), "lang": item.lang,
            "summary": item.summary, "content": _text(item.content)}


def _page(url: str, found: Listing) -> dict:
    return {"url": url, "next_url": found.next_url, "problems": list(found.problems),
            "items": [_item(i) for i in found.items]}


def _release(got: ParsedRelease) -> dict:
    return {"canonical_url": got.canonical_url, "title": got.title, "published": _day(got.published),
            "lang": got.lang, "content_type": got.content_type, "body": _text(got.body)}


def _text(text: str) -> dict:
    """Length and hash catch any change; the lines make the diff readable."""
    return {"chars": len(text), "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "lines": text.splitlines()}


def _day(value) -> str | None:
    return value.isoformat() if value else None


def listing_pages(name: str) -> list[tuple[str, Listing]]:
    """The listing and each older page it leads to that the sample site has, in reading order."""
    cfg = source(name)
    pages, url, found = [(cfg.url, listing(name))], listing(name).next_url, listing(name)
    while url and _on_disk(name, url) and url not in {u for u, _ in pages}:
        found = parse_listing(cfg, page(name, url), url=url, fetched_on=FETCHED_ON)
        pages.append((url, found))
        url = found.next_url
    return pages


def unlisted_pages(name: str) -> list[str]:
    """URLs of the sample site's files that no listing page names nor is (pages kept for one explicit test)."""
    pages = listing_pages(name)
    reached = {_served_as(u) for u, _ in pages} | {_served_as(i.url) for _, found in pages for i in found.items}
    root, base = SITES / name, source(name).url
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    return [urljoin(base, "/" + f) for f in files if _served_as(f) not in reached]


def _served_as(url_or_file: str) -> str:
    return urlsplit(url_or_file).path.removesuffix("index.html").strip("/")


def _unlisted(name: str, url: str) -> dict | str:
    try:
        return _release(parse_article(source(name), page(name, url), url=url, fetched_on=FETCHED_ON))
    except SiteChanged as exc:  # a page kept to show a refusal: the refusal is what the golden file records
        return f"SiteChanged: {exc}"


def summary(name: str) -> dict:
    """The golden summary of source `name` (a release listed without a sample page is marked, not parsed)."""
    cfg = source(name)
    pages = listing_pages(name)
    releases = {}
    for _, found in pages:
        for item in found.items:
            releases[item.url] = (_release(release(name, item.url)) if _on_disk(name, item.url)
                                  else "no sample page")
    return {"source": name, "fetched_on": FETCHED_ON.isoformat(),
            "config": {"url": cfg.url, "kind": cfg.kind, "language": cfg.language, "enabled": cfg.enabled},
            "listing_pages": [_page(url, found) for url, found in pages], "releases": releases,
            "unlisted_pages": {url: _unlisted(name, url) for url in unlisted_pages(name)}}


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def mismatch_report(name: str, want: str, got: str) -> str:
    """What a failing golden test prints: how to accept the change, then the diff from the golden file."""
    diff = difflib.unified_diff(want.splitlines(True), got.splitlines(True), f"golden/{name}.json", "parsed now", n=5)
    return f"{name}: parsed sample site differs from its golden file; {UPDATE_HINT}\n{''.join(diff)}"
