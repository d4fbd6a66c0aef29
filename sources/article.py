"""Release pages to `ParsedRelease`: by a source's `article` selectors, or by a generic extractor."""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Mapping

from lxml import etree

from sources.cleaning import MIN_BODY_CHARS, body_text, clean_lines, drop_nodes, text_lines
from sources.content_types import classify, from_url
from sources.dates import parse_date
from sources.errors import SiteChanged
from sources.html_tree import drop, html_tree, node_text, select_one
from sources.languages import guess_lang
from sources.links import absolute_url
from sources.parse_budget import DEFAULT_BUDGET, ParseBudget
from sources.release import ListingItem, ParsedRelease

_MAIN = "main, [role=main], article, #maincontents, #main, #contents, #content, #__main_contents"
# meta[name="dcterms.issued"], meta[property="article:published_time"], meta[name="date"], meta[name="DC.date"],
# time[datetime]: the first in the page.
_DATE_META = etree.XPath("(//meta[@name='dcterms.issued' or @property='article:published_time' or @name='date'"
                         " or @name='DC.date'] | //time[@datetime])[1]")
# Never where a release's title, date or type is: removed before the selectors walk the page (on real
# pages the menus are most of the markup, and every CSS selection walks the whole tree).
_NEVER_CONTENT = ("nav", "script", "style", "noscript", "svg", "template")
DATELINE_LINES = 6  # a readout may put its dateline after the lede
SHORT_LINE = 80  # a date or label node longer than this is body text (MSDF: `9月18日、…`)


def parse_html_article(article: Mapping[str, Any], text: str, *, url: str, lang: str = "", default_type: str = "",
                       item: ListingItem | None = None, fetched_on: date | None = None,
                       budget: ParseBudget = DEFAULT_BUDGET) -> ParsedRelease:
    """One release page. `article` holds the source's CSS selectors (title, date, body, drop,
    content_type, date_from_url); an empty mapping means the generic extractor.

    Raises SiteChanged (with the URL) when a configured selector matches nothing or no body text is left;
    ParseBudgetExceeded (a SiteChanged) when the page is nested deeper or takes longer than `budget`.
    """
    meter = budget.start(url)
    page = html_tree(text, meter)
    for node in list(page.iter(*_NEVER_CONTENT)):
        drop(node)
    canonical = _canonical(page, url)
    lang = _page_lang(page) or (lang if lang not in ("", "auto") else "")
    reference = item.published if item and item.published else fetched_on
    meta_date = _node_date(next(iter(_DATE_META(page)), None), reference)
    if article:
        title_node = _required(page, article.get("title", "h1"), "title", url)
        root = _required(page, article.get("body", "body"), "body", url)
        date_node = select_one(page, article["date"]) if article.get("date") else None
        type_node = select_one(page, article["content_type"]) if article.get("content_type") else None
        title = _title(title_node)
    else:
        title_node = next((node for node in (select_one(page, "h1"), select_one(page, "meta[property='og:title']"),
                                             next(page.iter("title"), None)) if node is not None), None)
        title = _title(title_node)
        root = _densest(page, meter)
        date_node = type_node = None
    meter.check_time()
    type_label = " ".join(node_text(type_node).split())
    published = _node_date(date_node, reference) or _url_date(article.get("date_from_url"), url)
    for node in (title_node, date_node, type_node):
        if _inside(node, root) and len(node_text(node, "")) <= SHORT_LINE:
            drop(node)
    drop_nodes(root, list(article.get("drop", [])))
    lines = clean_lines(text_lines(root), title=title)
    meter.check_time()
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


def _inside(node, root: etree._Element) -> bool:
    return node is not None and node is not root and any(parent is root for parent in node.iterancestors())


def _required(page: etree._Element, selector: str, field: str, url: str) -> etree._Element:
    node = select_one(page, selector)
    if node is None:
        raise SiteChanged(f"{field} selector {selector!r} matches nothing", url=url, selector=selector)
    return node


def _title(node) -> str:
    if node is None:
        return ""
    value = node.get("content", "") if node.tag == "meta" else node_text(node)
    return " ".join(value.split())


def _node_date(node, reference: date | None) -> date | None:
    if node is None:
        return None
    value = node.get("content") or node.get("datetime") or node_text(node)
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


def _canonical(page: etree._Element, url: str) -> str:
    link = select_one(page, "link[rel~=canonical][href]")
    return (absolute_url(url, link.get("href")) if link is not None else None) or url


def _page_lang(page: etree._Element) -> str:
    value = (page.get("lang") or page.get("xml:lang") or "") if page.tag == "html" else ""
    return value.strip().lower().split("-")[0][:2]


def _densest(page: etree._Element, meter) -> etree._Element:
    """The generic extractor's body: the main landmark, else the block with the most paragraph text."""
    drop_nodes(page, [])
    main = select_one(page, _MAIN)
    if main is not None:
        return main
    best, best_len = page.find("body") if page.find("body") is not None else page, 0
    for block in page.iter("div", "section", "td"):
        size = sum(len(node_text(p, "")) for p in block.iterchildren("p"))
        if size > best_len:
            best, best_len = block, size
        meter.check_time()
    return best
