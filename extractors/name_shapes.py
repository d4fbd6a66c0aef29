"""Name shapes the token patterns cannot say: exercise code names ending in -Ex (AnnualEx, PASSEX),
a Japanese meeting name that starts with a country pair (日カナダ官民意見交換), and a second name
coordinated after a first (« protocoles … sur les batteries et sur les sciences … »)."""
from __future__ import annotations

import re

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

from extractors.countries import country_finder

# AnnualEx, SquadEx (a capital E after lower case), PASSEX, SAREX (capitals), Kadex (capitalised):
# the naval habit of naming an exercise "<word>Ex".
_MIXED_EX = re.compile(r"^[A-Z][A-Za-z]*[a-z]Ex$|^[A-Z]{2,}Ex$")
_PLAIN_EX = re.compile(r"^[A-Z][a-z]{2,}ex$|^[A-Z]{3,}EX$")
_NOT_EX = frozenset(w.lower() for w in (
    "Index Annex Apex Complex Vortex Reflex Simplex Duplex Multiplex Latex Codex Cortex Convex Perplex Vertex "
    "Rolex Kleenex Sussex Essex Middlesex Wessex Pyrex Spandex Telex Silex Amex FedEx Alex Rex Tex Ibex Murex").split())
# An exercise word in the sentence: what makes "Kadex" or "SAREX" an exercise and not a brand.
_EXERCISE_CONTEXT = re.compile(r"(?i)\bexerci[sc]|\bdrill|\btraining\b|\bentraînement|\bmanœuvre|\bmaneuver")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
_CONTEXT_CHARS = 200


class ExNames:
    """Exercise code names ending in -Ex: mixed case (AnnualEx) always; capitalised or capitals
    (Kadex, SAREX) only in a sentence that speaks of an exercise, drill or training. Which words
    have the shape is remembered per distinct word."""

    def __init__(self):
        self._shape: dict[int, int] = {}  # orth -> 0 none, 1 a name anywhere, 2 a name in context

    def __call__(self, doc: Doc, text: str) -> list[Span]:
        orths = doc.to_array(ORTH)
        shape, strings = self._shape, doc.vocab.strings
        found = []
        for orth in numpy.unique(orths).tolist():
            kind = shape.get(orth)
            if kind is None:
                kind = _ex_shape(strings[orth])
                if len(shape) < 500_000:
                    shape[orth] = kind
            if kind:
                found.append((orth, kind))
        out = []
        for orth, kind in found:
            for i in numpy.flatnonzero(orths == orth).tolist():
                if kind == 1 or _in_exercise_sentence(text, doc[i].idx):
                    out.append(Span(doc, i, i + 1, label="exercise"))
        return sorted(out)


def _ex_shape(word: str) -> int:
    if len(word) < 4 or word[-2:].lower() != "ex" or word.lower() in _NOT_EX:
        return 0
    return 1 if _MIXED_EX.match(word) else 2 if _PLAIN_EX.match(word) else 0


def _in_exercise_sentence(text: str, pos: int) -> bool:
    left = max(0, pos - _CONTEXT_CHARS)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, left, pos)]
    start = ends[-1] if ends else left
    m = _SENTENCE_END.search(text, pos, pos + _CONTEXT_CHARS)
    return bool(_EXERCISE_CONTEXT.search(text, start, m.start() if m else min(len(text), pos + _CONTEXT_CHARS)))


def starts_with_pair(name: str) -> bool:
    """Whether a Japanese name starts with Japan and a partner (日加, 日カナダ, 日・カナダ, 日本・カナダ)."""
    head = name[:12]
    if not head.startswith("日"):
        return False
    finder = country_finder("ja")
    codes = finder.codes(head)
    if len(codes) >= 2 and codes[0] == "JP":
        return True  # 日加, 日・豪, 日本・カナダ
    rest = _JAPAN.sub("", head, count=1)  # 日カナダ: 日 before a written-out name
    if any(offset == 0 and code != "JP" for offset, code in finder.find(rest)):
        return True
    return bool(_JAPAN_KATAKANA.match(head))  # 日・サウジアラビア: a partner the country list lacks


_JAPAN = re.compile(r"^日(?:本国?)?[・と]?")
_JAPAN_KATAKANA = re.compile(r"^日(?:本)?・?[ァ-ヴ][ァ-ヴー・]+")


_AND = frozenset({"and", "et"})
_TOPIC = frozenset({"on", "sur", "concerning", "regarding", "concernant", "relatif", "relative", "relatifs", "relatives"})


_DETERMINERS = frozenset("the a an its their le la les l un une des du de ses leurs".split())


def _joins_two_nouns(doc: Doc, i: int, stop_words: frozenset[str]) -> bool:
    """Whether "and"/« et » at ``i`` joins two words of one topic ("science and technology",
    « sciences et technologies »): a lower-case content word follows, not an article, a verb or a
    clause."""
    if doc[i].lower_ not in _AND or i + 1 >= len(doc):
        return False
    nxt = doc[i + 1]
    return nxt.is_alpha and nxt.is_lower and nxt.lower_ not in stop_words | _DETERMINERS | _TOPIC


def coordinated_name(doc: Doc, end: int, stop_words: frozenset[str], trailing: frozenset[str],
                     max_words: int = 10) -> tuple[int, int] | None:
    """``(start, end)`` of a second topic coordinated right after a name that ends at ``end``:
    "… on Battery Supply Chains and on Industrial Science …", « … et sur les sciences … ». The second
    name starts at its preposition (it names the same kind of instrument) and runs over words."""
    if end + 1 < len(doc) and doc[end].lower_ == "ainsi" and doc[end + 1].lower_ == "que":
        end += 1  # « ainsi que sur … »: "as well as on …"
    if end + 2 >= len(doc) or doc[end].lower_ not in _AND | {"que"} or doc[end + 1].lower_ not in _TOPIC:
        return None
    j = end + 2
    while j < len(doc) and j - end - 2 < max_words and doc[j].is_alpha:
        if doc[j].lower_ in stop_words and not _joins_two_nouns(doc, j, stop_words):
            break
        j += 1
    while j > end + 2 and doc[j - 1].lower_ in trailing:
        j -= 1
    return (end + 1, j) if j > end + 2 else None
