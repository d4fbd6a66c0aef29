"""Release pages to `ParsedRelease`: by a source's `article` selectors, or by a generic extractor."""
from __future__ import annotations

import re
from datetime import date

from bs4 import BeautifulSoup, Tag

from sources.cleaning import MIN_BODY_CHARS, body_text, clean_lines, drop_nodes, html_soup, text_lines
from sources.content_types import classify, from_url
from sources.dates import parse_date
from sources.errors import SiteChanged
from sources.languages import guess_lang
from sources.links import absolute_url
from sources.release import ListingItem, ParsedRelease

_MAIN = "main, [role=main], article, #maincontents, #main, #contents, #content, #__main_contents"
_DATE_METAS = {("name", "dcterms.issued"), ("property", "article:published_time"), ("name", "date"), ("name", "DC.date")}
# Never where a release's title, date or type is: removed before the selectors walk the page (on real
# pages the menus are most of the markup, and every CSS selection walks the whole tree).
_NEVER_CONTENT = ("nav", "script", "style", "noscript", "svg", "template")
DATELINE_LINES = 6  # a readout may put its dateline after the lede
SHORT_LINE = 80  # a date or label node longer than this is body text (MSDF: `9月18日、…`)


def parse_html_article(article: dict, text: str, *, url: str, lang: str = "", default_type: str = "",
                       item: ListingItem | None = None, fetched_on: date | None = None) -> ParsedRelease:
    """One release page. `article` holds the source's CSS selectors (title, date, body, drop,
    content_type, date_from_url); an empty mapping means the generic extractor.

    Raises SiteChanged (with the URL) when a configured selector matches nothing or no body text is left.
    """
    soup = html_soup(text)
    for tag in soup.find_all(_NEVER_CONTENT):
        tag.decompose()
    canonical = _canonical(soup, url)
    lang = _page_lang(soup) or (lang if lang not in ("", "auto") else "")
    reference = item.published if item and item.published else fetched_on
    meta_date = _node_date(soup.find(_is_date_meta), reference)
    if article:
        title_node = _required(soup, article.get("title", "h1"), "title", url)
        root = _required(soup, article.get("body", "body"), "body", url)
        date_node = soup.select_one(article["date"]) if article.get("date") else None
        type_node = soup.select_one(article["content_type"]) if article.get("content_type") else None
        title = _title(title_node)
    else:
        title_node = soup.select_one("h1") or soup.select_one("meta[property='og:title']") or soup.title
        title = _title(title_node)
        root = _densest(soup)
        date_node = type_node = None
    type_label = " ".join(type_node.get_text(" ").split()) if type_node else ""
    published = _node_date(date_node, reference) or _url_date(article.get("date_from_url"), url)
    for node in (title_node, date_node, type_node):
        if _inside(node, root) and len(node.get_text()) <= SHORT_LINE:
            node.decompose()
    drop_nodes(root, list(article.get("drop", [])))
    lines = clean_lines(text_lines(root), title=title)
    lead = [line for line in lines[:3] if classify(line)]
    content_type = (classify(type_label) or (classify(lead[0]) if lead else "") or from_url(url)
                    or default_type or "news-release")
    lines = [line for line in lines if line not in lead]
    if published is None:
        published = (meta_date or _first_date(lines, reference) or (item.published if item else None))
    body = body_text(lines)
    if not title:
        raise SiteChanged("release page has no title", url=url)
    if len(body) < MIN_BODY_CHARS:
        raise SiteChanged("release page has no body text where expected", url=url)
    return ParsedRelease(canonical_url=canonical, title=title, published=published, body=body,
                         lang=lang or guess_lang(title + "\n" + body), content_type=content_type)


def _inside(node, root: Tag) -> bool:
    return isinstance(node, Tag) and node is not root and any(parent is root for parent in node.parents)


def _required(soup: BeautifulSoup, selector: str, field: str, url: str) -> Tag:
    node = soup.select_one(selector)
    if node is None:
        raise SiteChanged(f"{field} selector {selector!r} matches nothing", url=url, selector=selector)
    return node


def _title(node) -> str:
    if node is None:
        return ""
    value = node.get("content", "") if node.name == "meta" else node.get_text(" ")
    return " ".join(value.split())


def _node_date(node, reference: date | None) -> date | None:
    if node is None:
        return None
    value = node.get("content") or node.get("datetime") or node.get_text(" ")
    return parse_date(value, reference=reference)


def _url_date(pattern: str | None, url: str) -> date | None:
    match = re.search(pattern, url) if pattern else None
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except (IndexError, ValueError):
        return None


def _first_date(lines: list[str], reference: date | None) -> date | None:
    for line in lines[:DATELINE_LINES]:
        found = parse_date(line, reference=reference)
        if found:
            return found
    return None


def _is_date_meta(tag: Tag) -> bool:
    """meta[name="dcterms.issued"], meta[property="article:published_time"], meta[name="date"],
    meta[name="DC.date"] or time[datetime] (a plain test: faster than a CSS selection of the whole page)."""
    if tag.name == "time":
        return tag.has_attr("datetime")
    return tag.name == "meta" and any(tag.get(attr) == value for attr, value in _DATE_METAS)


def _canonical(soup: BeautifulSoup, url: str) -> str:
    link = soup.select_one("link[rel~=canonical][href]")
    return (absolute_url(url, link["href"]) if link is not None else None) or url


def _page_lang(soup: BeautifulSoup) -> str:
    html = soup.find("html")
    value = html.get("lang") or html.get("xml:lang") if isinstance(html, Tag) else ""
    return (value or "").strip().lower().split("-")[0][:2]


def _densest(soup: BeautifulSoup) -> Tag:
    """The generic extractor's body: the main landmark, else the block with the most paragraph text."""
    drop_nodes(soup, [])
    main = soup.select_one(_MAIN)
    if main is not None:
        return main
    best, best_len = soup.body or soup, 0
    for block in soup.find_all(["div", "section", "td"]):
        size = sum(len(p.get_text()) for p in block.find_all("p", recursive=False))
        if size > best_len:
            best, best_len = block, size
    return best
