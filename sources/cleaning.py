"""Release HTML to clean body text: no navigation, captions, link-text leaks, back links or canada.ca trailers."""
from __future__ import annotations

import re

from lxml import etree

from sources.html_tree import drop, html_tree, node_text, select

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


def drop_nodes(root: etree._Element, selectors: list[str]) -> None:
    """Remove page furniture and the configured selectors' matches (photo blocks, back links...) in place."""
    for node in [node for node in root.iter(*FURNITURE) if node is not root]:
        drop(node)
    for selector in selectors:
        for node in select(root, selector):
            drop(node)


def text_lines(root) -> list[str]:
    """The visible text of `root` (an lxml element; a bs4 Tag is read from its markup), one line per
    block element, whitespace collapsed. Linear in the size of `root`: each block's text and tail get a
    newline in place, and the text is read once."""
    if not isinstance(root, etree._Element):
        root = html_tree(str(root)).body
    for node in root.iter(*_BLOCKS, "br"):
        if node is not root:
            node.tail = "\n" + (node.tail or "")
        if node.tag != "br":
            node.text = "\n" + (node.text or "")
    raw = node_text(root, "")
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
