"""Release HTML to clean body text: no navigation, captions, link-text leaks, back links or canada.ca trailers."""
from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

# Always page furniture, never release text.
FURNITURE = ("nav", "header", "footer", "script", "style", "noscript", "form", "aside", "button",
             "figure", "figcaption", "img", "picture", "svg", "iframe", "template", "select")
_BLOCKS = ("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table",
           "tr", "td", "th", "section", "article", "blockquote", "pre", "address", "main", "details", "summary")
# Link text that leaks into bodies.
_LEAKS = re.compile(
    r"\s*(別ウィンドウで開く|新しいウィンドウで開きます|Open a New Window|opens in a new window"
    r"|[(（]\s*PDF[^)）]{0,30}[)）]|[(（]\s*外部リンク\s*[)）])\s*", re.I)
_DROP_LINE = re.compile(
    r"^(Back to .{1,60}|Return to .{1,60}|Retour (à|aux?) .{1,60}|.{1,20}へ戻る|ページの?(先頭|トップ)へ"
    r"|Page top|Top of page|Haut de la page|Date modified:?.*|Date de modification\s?:?.*|Report a problem.*"
    r"|Signaler un problème.*|Share this page|Partagez cette page|(写真提供|Photo ?credit|Photo ?:|Crédit photo)\S*.*"
    r"|\[?Provisional translation\]?|Print|Imprimer)$", re.I)
# canada.ca trailers, and the newswire trailer: everything from this heading on is not the release.
_TRAILERS = re.compile(
    r"^(Quick facts|Associated links|Related links|Related products|Contacts|Media contacts?|Faits en bref"
    r"|Liens connexes|Produits connexes|Personnes-ressources|Renseignements|SOURCE [A-Z].*|お問い合わせ先?|担当|問い合わせ先)$")
MIN_BODY_CHARS = 10


def html_soup(text: str) -> BeautifulSoup:
    """Parse a page leniently with lxml; an XML-looking page (a feed given as a listing) is still parsed as HTML."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(text, "lxml")


def drop_nodes(root: Tag, selectors: list[str]) -> None:
    """Remove page furniture and the configured selectors' matches (photo blocks, back links...) in place."""
    for tag in root.find_all(FURNITURE):
        tag.decompose()
    for selector in selectors:
        for tag in root.select(selector):
            tag.decompose()


def text_lines(root: Tag) -> list[str]:
    """The visible text of `root`, one line per block element, whitespace collapsed."""
    for br in root.find_all("br"):
        br.replace_with("\n")
    for block in root.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    raw = root.get_text("")
    return [line for line in (" ".join(part.split()) for part in raw.split("\n")) if line]


def clean_lines(lines: list[str], *, title: str = "") -> list[str]:
    """Strip link-text leaks and back links; cut canada.ca / newswire trailers; drop a repeated title."""
    kept: list[str] = []
    for line in lines:
        line = _LEAKS.sub(" ", line).strip()
        if not line or _DROP_LINE.match(line):
            continue
        if _TRAILERS.match(line):
            break
        if not kept and title and line == title:
            continue
        kept.append(line)
    return kept


def body_text(lines: list[str]) -> str:
    """Lines joined as paragraphs."""
    return "\n".join(lines).strip()
