"""HTML listing pages to listing items, by the CSS selectors in a source's config (or a generic guess)."""
from __future__ import annotations

from datetime import date
from typing import Any, Mapping
from urllib.parse import urlsplit

from lxml import etree

from sources.dates import parse_date
from sources.errors import SiteChanged
from sources.html_tree import drop, html_tree, node_text, select, select_one
from sources.links import absolute_url
from sources.parse_budget import DEFAULT_BUDGET, BudgetMeter, ParseBudget
from sources.release import Listing, ListingItem

_BOILERPLATE = ("nav", "header", "footer", "script", "style", "noscript", "form", "aside")
_NOT_RELEASES = (".pdf", ".jpg", ".jpeg", ".png", ".gif", ".zip", ".xls", ".xlsx", ".doc", ".docx", ".css", ".js")
MIN_TITLE_CHARS = 8


def parse_html_listing(selectors: Mapping[str, Any], text: str, *, url: str, lang: str = "",
                       fetched_on: date | None = None, budget: ParseBudget = DEFAULT_BUDGET) -> Listing:
    """Items of a listing page. With an `item` selector: one item per match, its date from the `date`
    selector inside it (or the item's text, or the nearest preceding `group_date` heading); otherwise
    a generic guess from the page's links. Raises SiteChanged when nothing matches; ParseBudgetExceeded
    (a SiteChanged) when the page is nested deeper or takes longer than `budget`.
    """
    meter = budget.start(url)
    page = html_tree(text, meter)
    next_url = _next_url(page, selectors, url=url)
    if selectors.get("item"):
        items = _configured_items(page, selectors, url=url, lang=lang, fetched_on=fetched_on, meter=meter)
    else:
        items = _generic_items(page, url=url, lang=lang, fetched_on=fetched_on, meter=meter)
    if not items:
        raise SiteChanged("listing page has no release links where expected", url=url,
                          selector=selectors.get("item"))
    return Listing(items=items, next_url=next_url)


def _configured_items(page, selectors, *, url, lang, fetched_on, meter: BudgetMeter) -> list[ListingItem]:
    item_sel, group_sel = selectors["item"], selectors.get("group_date")
    groups = set(select(page, group_sel)) if group_sel else set()
    nodes = select(page, f"{group_sel}, {item_sel}") if group_sel else select(page, item_sel)
    items, seen, group_date = [], set(), None
    for node in nodes:
        meter.check_time()
        if node in groups:
            group_date = parse_date(node_text(node), reference=fetched_on)
            continue
        link = node if node.tag == "a" else select_one(node, selectors.get("link", "a[href]"))
        href = absolute_url(url, link.get("href")) if link is not None else None
        if href is None or href in seen:
            continue
        seen.add(href)
        title_node = select_one(node, selectors["title"]) if selectors.get("title") else link
        date_node = select_one(node, selectors["date"]) if selectors.get("date") else node
        published = parse_date(node_text(date_node), reference=fetched_on) if date_node is not None else None
        items.append(ListingItem(url=href, title=_text(link if title_node is None else title_node),
                                 published=published or group_date,
                                 lang=lang))
    return items


def _generic_items(page, *, url, lang, fetched_on, meter: BudgetMeter) -> list[ListingItem]:
    for node in list(page.iter(*_BOILERPLATE)):
        drop(node)
    root = _first(select_one(page, "main, [role=main], #main, #contents, #maincontents, article"),
                  page.find("body"), page)
    host = urlsplit(url).hostname
    items, seen = [], {absolute_url(url, url)}
    for link in select(root, "a[href]"):
        meter.check_time()
        href = absolute_url(url, link.get("href"))
        title = _text(link)
        if (href is None or urlsplit(href).hostname != host or href in seen
                or urlsplit(href).path.lower().endswith(_NOT_RELEASES) or len(title) < MIN_TITLE_CHARS):
            continue
        seen.add(href)
        context = next(link.iterancestors("li", "tr", "dd", "p", "div"), link)
        items.append(ListingItem(url=href, title=title, lang=lang,
                                 published=parse_date(node_text(context), reference=fetched_on)))
    return items


def _next_url(page, selectors, *, url) -> str | None:
    node = select_one(page, selectors["next"]) if selectors.get("next") else None
    if node is None:
        node = select_one(page, "a[rel~=next], link[rel~=next]")
    nxt = absolute_url(url, node.get("href")) if node is not None else None
    return None if nxt == url else nxt


def _first(*nodes):
    return next(node for node in nodes if node is not None)


def _text(node: etree._Element) -> str:
    return " ".join(node_text(node).split())
