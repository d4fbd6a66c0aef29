"""Where a general pattern can match at all: for patterns with no fixed first word (Japanese
「…協定」: nouns, then a keyword), the stretches of a doc between tokens no pattern token can take.

A token that no token of any pattern can match (a particle, a full stop) bounds every match, and
every match ends on a token its pattern's last token can take (the keyword). So the matches of one
Matcher over the whole doc are those of the same Matcher over each stretch between two such tokens
that holds a possible last token: most of a release's tokens are then never read, and the Matcher's
Python-level checks (``IN`` sets build a Token object per position) run on a few words only.
"""
from __future__ import annotations

from bisect import bisect_left

import numpy
from spacy.attrs import LOWER, ORTH, TAG
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

_COLUMNS = {"ORTH": 0, "LOWER": 1, "TAG": 2}


def member(values: numpy.ndarray, sorted_set: numpy.ndarray) -> numpy.ndarray:
    """``numpy.isin(values, sorted_set)`` for a sorted ``sorted_set``, by binary search: isin sorts
    both arrays on every call, several times the cost on a release's few hundred tokens."""
    if not len(sorted_set):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.searchsorted(sorted_set, values)
    at[at == len(sorted_set)] = 0
    return sorted_set[at] == values


def _one_condition(token: dict) -> tuple[int, list[str]] | None:
    """(column, words) of one condition every token ``token`` matches must meet, or None when the
    token cannot be read that way (a negation, an attribute other than ORTH, LOWER and TAG)."""
    if token.get("OP") == "!" or not set(token) - {"OP"} or not set(token) <= {*_COLUMNS, "OP"}:
        return None
    for attr in _COLUMNS:
        value = token.get(attr)
        if isinstance(value, str):
            return _COLUMNS[attr], [value]
        if isinstance(value, dict) and set(value) == {"IN"}:
            return _COLUMNS[attr], list(value["IN"])
        if value is not None:
            return None
    return None


class StretchMatcher:
    """One spaCy Matcher (no greedy filter: the caller keeps the longest) run over the stretches of a
    doc where its patterns can match; build with :meth:`build`."""

    def __init__(self, vocab: Vocab, by_label: dict[str, list[list[dict]]], any_words: list, last_words: list):
        self.matcher = Matcher(vocab)
        for label, items in by_label.items():
            self.matcher.add(label, items)
        # per column (ORTH, LOWER, TAG): sorted hashes some pattern token / some last token asks for
        self._any, self._last = any_words, last_words

    @classmethod
    def build(cls, vocab: Vocab, by_label: dict[str, list[list[dict]]]) -> "StretchMatcher | None":
        """The matcher, or None when some pattern token cannot be read by word (see module docstring)
        or some pattern may end on an optional token."""
        any_words: list[set] = [set(), set(), set()]
        last_words: list[set] = [set(), set(), set()]
        for pattern in (p for items in by_label.values() for p in items):
            if not pattern or pattern[-1].get("OP") is not None:
                return None
            for k, token in enumerate(pattern):
                condition = _one_condition(token)
                if condition is None:
                    return None
                column, words = condition
                any_words[column].update(vocab.strings.add(w) for w in words)
                if k == len(pattern) - 1:
                    last_words[column].update(vocab.strings.add(w) for w in words)

        def arrays(by_column):
            return [numpy.array(sorted(words), dtype=numpy.uint64) for words in by_column]
        return cls(vocab, by_label, arrays(any_words), arrays(last_words))

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Every ``(match_id, start, end)`` the Matcher finds in ``doc``, unfiltered."""
        array = doc.to_array([ORTH, LOWER, TAG])
        can = numpy.zeros(len(doc), dtype=bool)
        last = numpy.zeros(len(doc), dtype=bool)
        for column in range(3):
            if len(self._any[column]):
                can |= member(array[:, column], self._any[column])
            if len(self._last[column]):
                last |= member(array[:, column], self._last[column])
        ends = numpy.flatnonzero(last & can).tolist()
        if not ends:
            return []
        stops = numpy.flatnonzero(~can).tolist()
        found: list[tuple[int, int, int]] = []
        done = -1
        for end in ends:
            if end < done:
                continue  # in the stretch just read
            i = bisect_left(stops, end)
            start, done = (stops[i - 1] + 1 if i else 0), (stops[i] if i < len(stops) else len(doc))
            found.extend((m, start + s, start + e) for m, s, e in self.matcher(doc[start:done]))
        return found
