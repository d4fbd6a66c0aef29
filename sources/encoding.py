"""Bytes to text for Japanese, English and French pages, trusting the bytes over the labels.

Japanese government sites still serve Shift_JIS and EUC-JP, sometimes with a charset header or meta
tag that says otherwise (or nothing). We decode strictly with each plausible codec and keep the one
whose text looks most like Japanese; the declared charset only breaks ties.
"""
from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)
# Superset codecs: cp932 decodes what sites label Shift_JIS (NEC/IBM extensions included).
_JAPANESE = ("cp932", "euc_jp")
_ALIASES = {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
            "windows-31j": "cp932", "ms932": "cp932", "euc-jp": "euc_jp", "x-euc-jp": "euc_jp"}


def declared_charset(body: bytes, content_type: str | None = None) -> str | None:
    """The codec named by the Content-Type header, else by a meta tag or XML declaration; None if unknown."""
    for label in (_from_header(content_type), _from_markup(body)):
        codec = _codec(label)
        if codec:
            return codec
    return None


def decode(body: bytes, content_type: str | None = None) -> str:
    """Decode a page or feed. Never raises: undecodable bytes become U+FFFD as a last resort."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(codec, errors="replace")
    if body.isascii():
        return body.decode("ascii")
    try:
        return body.decode("utf-8")  # valid UTF-8 with non-ASCII bytes is almost never anything else
    except UnicodeDecodeError:
        pass
    declared = declared_charset(body, content_type)
    scored = []
    for codec in _JAPANESE:
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        scored.append((_japanese_score(text), codec == declared, text))
    best = max(scored, key=lambda s: s[:2], default=None)
    if best is not None and best[0] >= 0.5:
        return best[2]
    if declared and declared not in _JAPANESE and declared != "utf-8":
        try:
            return body.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    if best is not None:
        return best[2]
    return _lenient(body, declared)


def _lenient(body: bytes, declared: str | None) -> str:
    """A damaged page (cut off, one bad byte): the codec that needs fewest replacements and reads as Japanese."""
    texts = [body.decode(codec, errors="replace") for codec in ("utf-8", *_JAPANESE)]
    best = max(texts, key=lambda t: _japanese_score(t) - 10 * t.count("\ufffd") / max(1, len(t)))
    if _japanese_score(best) >= 0.5:
        return best
    try:
        return body.decode(declared or "cp1252", errors="replace")
    except LookupError:
        return body.decode("cp1252", errors="replace")


def _japanese_score(text: str) -> float:
    """How Japanese the non-ASCII characters look (about 1.5 for real prose); mis-decodings score low."""
    good = bad = total = 0
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            continue
        total += 1
        if 0x3040 <= code <= 0x30FF or 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E:
            good += 2
        elif 0x4E00 <= code <= 0x9FFF:
            good += 1
        elif 0xFF61 <= code <= 0xFF9F or 0xE000 <= code <= 0xF8FF or 0x80 <= code <= 0x9F:
            bad += 3
        else:
            bad += 1
    return (good - bad) / total if total else 0.0


def _from_header(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match[1] if match else None


def _from_markup(body: bytes) -> str | None:
    head = body[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match[1].decode("ascii", "ignore") if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return {"shift_jis": "cp932", "euc_jp": "euc_jp", "utf-8": "utf-8"}.get(name, name)
