"""Sentences, and pieces small enough for Sudachi, both as character offsets into the text."""
from __future__ import annotations

import re
from functools import lru_cache

# Sudachi refuses inputs over 49,149 bytes; stay well below it.
SUDACHI_MAX_BYTES = 40_000

_BOUNDARY = re.compile(r"[。！？!?]+[」』)\"']*|\.[\"')]*(?=\s)|\n")
_ABBREV = frozenset("mr mrs ms dr st no nos jan feb mar apr jun jul aug sep sept oct nov dec gen lt cmdr capt "
                    "adm col maj hon rt e.g i.e inc ltd co op vol art para u.s u.k h.e p.m a.m etc mme m "
                    "vs approx fig".split())
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``[(start, end)]`` of the sentences in ``text[start:end]``, trimmed of whitespace.

    A sentence ends at 。！？!?, at a full stop followed by a space (not after an abbreviation such as
    "U.S." or "Mr."), or at a line break (titles, list items and datelines are sentences of their own).
    """
    return list(_sentence_spans(text, start, len(text) if end is None else end))


@lru_cache(maxsize=16)  # extraction's tokenizer, annotation and passage linking each split a release
def _sentence_spans(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        if m.group().startswith(".") and not _real_full_stop(text, m.start(), start):
            continue
        _add(text, spans, pos, m.end())
        pos = m.end()
    _add(text, spans, pos, end)
    return tuple(spans)


def sentence_spans_cache_clear() -> None:
    """Forget the texts split (the bench does so between releases)."""
    _sentence_spans.cache_clear()


def _real_full_stop(text: str, dot: int, floor: int) -> bool:
    w = _WORD_BEFORE.search(text, max(floor, dot - 12), dot + 1)
    if not w:
        return True
    word = w.group(1).lower()
    return not (word in _ABBREV or (len(word) == 1 and word.isalpha()))


def _add(text: str, spans: list, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


def byte_pieces(text: str, max_bytes: int = SUDACHI_MAX_BYTES) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive ``(start, end)`` pieces of at most ``max_bytes`` UTF-8 bytes.

    Cuts fall after a line break when there is one, else after 。, else anywhere; the pieces cover
    the text exactly, so offsets computed per piece add up.
    """
    if len(text.encode("utf-8")) <= max_bytes:
        return [(0, len(text))]
    pieces = []
    start = 0
    while start < len(text):
        end = _fit(text, start, max_bytes)
        if end < len(text):
            window = text[start:end]
            cut = max(window.rfind("\n"), window.rfind("。"))
            if cut > 0:
                end = start + cut + 1
        pieces.append((start, end))
        start = end
    return pieces


def _fit(text: str, start: int, max_bytes: int) -> int:
    # Characters are at most 4 bytes: a quarter of the budget always fits, then grow.
    end = min(len(text), start + max_bytes // 4)
    size = len(text[start:end].encode("utf-8"))
    while end < len(text):
        step = max(1, (max_bytes - size) // 4)
        if step <= 1 and size + len(text[end].encode("utf-8")) > max_bytes:
            break
        chunk = text[end:end + step]
        size += len(chunk.encode("utf-8"))
        end += len(chunk)
    return end
