"""HTML listing pages to listing items, by the CSS selectors in a source's config (or a generic guess)."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from bs4 import Tag

from sources.cleaning import html_soup
from sources.dates import parse_date
from sources.errors import SiteChanged
from sources.links import absolute_url
from sources.release import Listing, ListingItem

_BOILERPLATE = ("nav", "header", "footer", "script", "style", "noscript", "form", "aside")
_NOT_RELEASES = (".pdf", ".jpg", ".jpeg", ".png", ".gif", ".zip", ".xls", ".xlsx", ".doc", ".docx", ".css", ".js")
MIN_TITLE_CHARS = 8


def parse_html_listing(selectors: dict, text: str, *, url: str, lang: str = "",
                       fetched_on: date | None = None) -> Listing:
    """Items of a listing page. With an `item` selector: one item per match, its date from the `date`
    selector inside it (or the item's text, or the nearest preceding `group_date` heading); otherwise
    a generic guess from the page's links. Raises SiteChanged when nothing matches.
    """
    soup = html_soup(text)
    next_url = _next_url(soup, selectors, url=url)
    if selectors.get("item"):
        items = _configured_items(soup, selectors, url=url, lang=lang, fetched_on=fetched_on)
    else:
        items = _generic_items(soup, url=url, lang=lang, fetched_on=fetched_on)
    if not items:
        raise SiteChanged("listing page has no release links where expected", url=url,
                          selector=selectors.get("item"))
    return Listing(items=items, next_url=next_url)


def _configured_items(soup, selectors, *, url, lang, fetched_on) -> list[ListingItem]:
    item_sel, group_sel = selectors["item"], selectors.get("group_date")
    groups = {id(node) for node in soup.select(group_sel)} if group_sel else set()
    nodes = soup.select(f"{group_sel}, {item_sel}") if group_sel else soup.select(item_sel)
    items, seen, group_date = [], set(), None
    for node in nodes:
        if id(node) in groups:
            group_date = parse_date(node.get_text(" "), reference=fetched_on)
            continue
        link = node if node.name == "a" else node.select_one(selectors.get("link", "a[href]"))
        href = absolute_url(url, link.get("href")) if link is not None else None
        if href is None or href in seen:
            continue
        seen.add(href)
        title_node = node.select_one(selectors["title"]) if selectors.get("title") else link
        date_node = node.select_one(selectors["date"]) if selectors.get("date") else node
        published = parse_date(date_node.get_text(" "), reference=fetched_on) if date_node else None
        items.append(ListingItem(url=href, title=_text(title_node or link), published=published or group_date,
                                 lang=lang))
    return items


def _generic_items(soup, *, url, lang, fetched_on) -> list[ListingItem]:
    for tag in soup.find_all(_BOILERPLATE):
        tag.decompose()
    root = soup.select_one("main, [role=main], #main, #contents, #maincontents, article") or soup.body or soup
    host = urlsplit(url).hostname
    items, seen = [], {absolute_url(url, url)}
    for link in root.select("a[href]"):
        href = absolute_url(url, link["href"])
        title = _text(link)
        if (href is None or urlsplit(href).hostname != host or href in seen
                or urlsplit(href).path.lower().endswith(_NOT_RELEASES) or len(title) < MIN_TITLE_CHARS):
            continue
        seen.add(href)
        context = link.find_parent(["li", "tr", "dd", "p", "div"]) or link
        items.append(ListingItem(url=href, title=title, lang=lang,
                                 published=parse_date(context.get_text(" "), reference=fetched_on)))
    return items


def _next_url(soup, selectors, *, url) -> str | None:
    node = soup.select_one(selectors["next"]) if selectors.get("next") else None
    if node is None:
        node = soup.select_one("a[rel~=next], link[rel~=next]")
    nxt = absolute_url(url, node.get("href")) if node is not None else None
    return None if nxt == url else nxt


def _text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())
