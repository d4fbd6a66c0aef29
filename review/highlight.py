"""Cutting a text into plain and highlighted pieces by character spans (for mentions)."""
from __future__ import annotations

import re
from dataclasses import dataclass

# A full stop ends a sentence only before a space or the end ("window.x" and "1.5" do not).
SENTENCE_END = re.compile(r"[。．！？\n]|[.!?](?=\s|$)")


@dataclass(frozen=True)
class Piece:
    text: str
    marked: bool = False
    label: str = ""


def pieces(text: str, spans: list[tuple[int, int, str]]) -> list[Piece]:
    """``text`` cut at ``spans`` ((start, end, label), offsets into text); overlapping or
    out-of-range spans are clipped so every character appears exactly once."""
    out: list[Piece] = []
    pos = 0
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end = max(start, pos), min(end, len(text))
        if end <= start:
            continue
        if start > pos:
            out.append(Piece(text[pos:start]))
        out.append(Piece(text[start:end], True, label))
        pos = end
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return out


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``: from after the previous sentence end to the next one."""
    left = 0
    for m in SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = SENTENCE_END.search(text, end)
    return left, m.end() if m else len(text)


def evidence_sentences(text: str, spans: list) -> list[list[Piece]]:
    """The sentences holding ``spans`` ([start, end] pairs), each cut into pieces, in text order."""
    sentences: dict[tuple[int, int], list] = {}
    for span in spans:
        start, end = int(span[0]), int(span[1])
        if not 0 <= start < end <= len(text):
            continue
        bounds = sentence_bounds(text, start, end)
        sentences.setdefault(bounds, []).append((start - bounds[0], end - bounds[0], ""))
    return [pieces(text[a:b].strip("\n"), marks) for (a, b), marks in sorted(sentences.items())]
