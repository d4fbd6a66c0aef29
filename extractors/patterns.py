"""General token patterns (``config/patterns/general.yaml``) for names the gazetteer lacks, and the
matcher that runs them only where they can match."""
from __future__ import annotations

import copy
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

import numpy
from spacy.attrs import LOWER, ORTH, TAG
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from config.patterns_schema import read_patterns
from config.settings import CONFIG_DIR
from extractors.token_stretches import StretchMatcher, member

GENERAL_FILE = CONFIG_DIR / "patterns" / "general.yaml"


@dataclass(frozen=True)
class GeneralPatterns:
    """Matcher patterns per label, and the words stripped from the start of a match, for one language."""
    by_label: dict[str, list[list[dict]]]
    strip_leading: frozenset[str]
    join_words: frozenset[str]
    keyword_types: dict[str, str]
    tail_words: frozenset[str]
    cut_before: frozenset[str] = frozenset()
    strip_trailing: frozenset[str] = frozenset()
    keyword_after: dict[str, frozenset[str]] = field(default_factory=dict)  # "Group" only after "Working"
    frame_words: frozenset[str] = frozenset()  # "Summit", "Telephone": a keyword name holding one is no mention
    # ({"ORTH": words, "LOWER": words}, window) when every pattern starts with a fixed word, else None.
    anchors: tuple[dict[str, frozenset[str]], int] | None = None


def _expand_token(token, shorthands: dict) -> dict:
    if isinstance(token, str):
        return copy.deepcopy(shorthands[token])
    token = dict(token)
    name = token.pop("is", None)
    if name:
        merged = copy.deepcopy(shorthands[name])
        merged.update(token)
        return merged
    return token


@lru_cache(maxsize=None)
def general_patterns(lang: str, path: str | None = None) -> GeneralPatterns:
    """The general patterns for ``lang`` with shorthands (CAP, NAMEPART, JNAME, …) expanded."""
    data = read_patterns(path or GENERAL_FILE)
    shorthands = data.get("shorthands") or {}
    by_label: dict[str, list[list[dict]]] = {}
    for entry in (data.get("patterns") or {}).get(lang) or ():
        pattern = [_expand_token(t, shorthands) for t in entry["pattern"]]
        by_label.setdefault(entry["label"], []).append(pattern)
    strip = frozenset((data.get("strip_leading") or {}).get(lang) or ())
    join = frozenset((data.get("join_words") or {}).get(lang) or ())
    return GeneralPatterns(by_label=by_label, strip_leading=strip, join_words=join,
                           keyword_types=dict(data.get("keyword_types") or {}),
                           tail_words=frozenset((data.get("tail_words") or {}).get(lang) or ()),
                           cut_before=frozenset((data.get("cut_before") or {}).get(lang) or ()),
                           strip_trailing=frozenset((data.get("strip_trailing") or {}).get(lang) or ()),
                           keyword_after={k: frozenset(v) for k, v in (data.get("keyword_after") or {}).items()},
                           frame_words=frozenset(data.get("frame_words") or ()),
                           anchors=anchoring([p for ps in by_label.values() for p in ps]))


WORD_CLASSES = frozenset({"C", "G", "J"})  # tags of roadmap_word_classes that name parts carry
_UNBOUNDED = ("*", "+", "{1,}", "{0,}")


def anchoring(patterns: list[list[dict]]) -> tuple[dict[str, frozenset[str]], int] | None:
    """The fixed first words of ``patterns`` and a window length, or None if some pattern has none.

    A match starting at a first word ends within ``window`` tokens of it, or goes on over tokens of
    a word class (C, G, J) only: every token that can repeat without bound is word-class-restricted
    (a pattern where it is not gives None). So matching windows that start at the first words and
    run ``window`` tokens, then on while the tokens are C/G/J, finds what matching the whole text finds.
    """
    words: dict[str, set[str]] = {"ORTH": set(), "LOWER": set()}
    window = 0
    for pattern in patterns:
        first = pattern[0]
        if first.get("OP") not in (None, "{1}") or len(first) != 1 or next(iter(first)) not in words:
            return None
        attr, value = next(iter(first.items()))
        if isinstance(value, str):
            words[attr].add(value)
        elif isinstance(value, dict) and set(value) == {"IN"}:
            words[attr].update(value["IN"])
        else:
            return None
        bound, open_ended = 0, False
        for token in pattern:
            op = token.get("OP")
            if open_ended or op in _UNBOUNDED:
                open_ended = True
                if not _word_class_only(token):
                    return None
            else:
                bound += _max_repeats(op)
        window = max(window, bound)
    return {k: frozenset(v) for k, v in words.items()}, window


def _word_class_only(token: dict) -> bool:
    tag = token.get("TAG")
    values = [tag] if isinstance(tag, str) else (tag or {}).get("IN") if isinstance(tag, dict) else None
    if not values:
        return False
    return set(values) <= WORD_CLASSES


def _max_repeats(op: str | None) -> int:
    if op in (None, "?", "!"):
        return 0 if op == "!" else 1
    hi = op.strip("{}").split(",")[-1]
    return int(hi)



_COLUMNS = {"ORTH": 0, "LOWER": 1, "TAG": 2}


class AnchoredMatcher:
    """spaCy Matchers for one language's general patterns that read only what can match.

    spaCy's Matcher costs per call and per token and pattern it tries. When the patterns allow it
    (see :func:`anchoring`), each occurrence of a first word is matched, in a window after it, by a
    Matcher holding only the patterns that start with that word, and only when the next token lets
    some longer pattern go on; otherwise the word is a match by itself (a bare "Agreement") or
    nothing. The matches, longest first per label, are those of one Matcher over the whole doc.
    """

    def __init__(self, vocab: Vocab, patterns: GeneralPatterns):
        self._labels = {vocab.strings.add(label): rank for rank, label in enumerate(patterns.by_label)}
        self.matcher = self.stretches = None
        if patterns.anchors is None:
            self.stretches = StretchMatcher.build(vocab, patterns.by_label)
            if self.stretches is not None:  # nouns, then a keyword: matched where a keyword ends a stretch
                return
            self.matcher = Matcher(vocab)
            for label, items in patterns.by_label.items():
                self.matcher.add(label, items, greedy="LONGEST")
            return
        strings = vocab.strings
        self._window = patterns.anchors[1]
        self._name_tag_array = numpy.array(sorted(strings.add(t) for t in WORD_CLASSES), dtype=numpy.uint64)
        # (column, hash of a first word) -> [label matched by the word alone], [(condition on the next
        # token under which a longer pattern may match (None: it always may), label, pattern)].
        self._alone: dict[tuple[int, int], list[int]] = {}
        longer: dict[tuple[int, int], list] = {}
        for label, items in patterns.by_label.items():
            for pattern in (p for item in items for p in _split_first_word(item)):
                (attr, word), = pattern[0].items()
                key = (_COLUMNS[attr], strings.add(word))
                self._alone.setdefault(key, [])
                longer.setdefault(key, [])
                if len(pattern) == 1:
                    self._alone[key].append(strings.add(label))
                else:
                    longer[key].append((_condition(pattern[1], strings), label, pattern))
        self._next = {key: [c for c, _, _ in items] for key, items in longer.items()}
        self._matchers: dict[tuple[int, int], Matcher] = {}
        for key, entries in longer.items():
            if entries:
                matcher = self._matchers[key] = Matcher(vocab)
                for _, label, pattern in entries:
                    matcher.add(label, [pattern])
        self._first_words = [numpy.array(sorted(h for c, h in self._next if c == col), dtype=numpy.uint64)
                             for col in (0, 1)]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``[(match_id, start, end)]``: for each label the longest matches that do not overlap
        (spaCy's greedy="LONGEST"), in text order (ties: the label listed first in the file)."""
        if self.stretches is not None:
            return self._in_order(_longest(self.stretches(doc)))
        if self.matcher is not None:
            return self._in_order(self.matcher(doc))
        n = len(doc)
        array = doc.to_array([ORTH, LOWER, TAG])
        firsts = numpy.flatnonzero(member(array[:, 0], self._first_words[0])
                                   | member(array[:, 1], self._first_words[1])).tolist()
        if not firsts:
            return []
        # only the rows read below become Python ints (converting the whole array cost more than matching)
        rows = dict(zip(firsts, array[firsts].tolist()))
        nexts = [i + 1 for i in firsts if i + 1 < n]
        rows.update(zip(nexts, array[nexts].tolist()))
        # the tokens that carry no name tag, and n: a window runs on to the first of them
        stops = numpy.flatnonzero(~member(array[:, 2], self._name_tag_array)).tolist() + [n]
        candidates: list[tuple[int, int, int]] = []
        for i in firsts:
            row, nxt = rows[i], (rows[i + 1] if i + 1 < n else None)
            for key in ((0, row[0]), (1, row[1])):
                if key not in self._next:
                    continue
                candidates.extend((label, i, i + 1) for label in self._alone[key])
                if any(c is None or nxt is not None and all(nxt[col] in values for col, values in c)
                       for c in self._next[key]):
                    end = min(n, i + self._window)
                    end = stops[bisect_left(stops, end)]
                    candidates.extend((m, i, i + e) for m, s, e in self._matchers[key](doc[i:end]) if s == 0)
        return self._in_order(_longest(candidates))

    def _in_order(self, matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        return sorted(set(matches), key=lambda m: (m[1], m[2], self._labels.get(m[0], 0)))


def _longest(candidates: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Per label, the longest candidates that do not overlap a longer (or earlier) one kept before."""
    kept: dict[int, list[tuple[int, int]]] = {}
    out = []
    for label, start, end in sorted(set(candidates), key=lambda m: (m[1] - m[2], m[1])):
        taken = kept.setdefault(label, [])
        if not any(start < e and end > s for s, e in taken):
            taken.append((start, end))
            out.append((label, start, end))
    return out


def _split_first_word(pattern: list[dict]) -> list[list[dict]]:
    # [{"ORTH": {"IN": [a, b]}}, …] as [{"ORTH": a}, …] and [{"ORTH": b}, …]: the Matcher tries every
    # pattern's first token at every position, and a plain value is checked in C, an IN set in Python.
    first = pattern[0]
    if len(first) == 1:
        (attr, value), = first.items()
        if attr in ("ORTH", "LOWER") and isinstance(value, dict) and set(value) == {"IN"}:
            return [[{attr: word}] + pattern[1:] for word in value["IN"]]
    return [pattern]


def _condition(token: dict, strings) -> list[tuple[int, set[int]]] | None:
    """``[(column, allowed hashes)]`` a next token must meet for ``token`` to match it, or None when
    that cannot be told from ORTH, LOWER and TAG alone (optional token, regex, other attributes)."""
    if token.get("OP") is not None or not set(token) <= set(_COLUMNS):
        return None
    out = []
    for attr, value in token.items():
        if isinstance(value, str):
            out.append((_COLUMNS[attr], {strings.add(value)}))
        elif isinstance(value, dict) and set(value) == {"IN"}:
            out.append((_COLUMNS[attr], {strings.add(v) for v in value["IN"]}))
        else:
            return None
    return out
