"""Where in a doc a set of Matcher patterns can match at all, for patterns with no fixed first word.

Japanese names are read by patterns such as ``[{"TAG": "N", "OP": "+"}, {"ORTH": "協定"}]``: a run of
nouns ending in a keyword. spaCy's Matcher tries every pattern at every token; most tokens of a
release (particles, verbs, punctuation) can be part of no match. Every token of a match meets one of
the patterns' token conditions, so a match lies inside a run of such tokens, and it holds a token
meeting its pattern's last required condition (the keyword). Running the Matcher over those runs
only finds what it finds over the whole doc: runs do not overlap, so neither do their matches.
"""
from __future__ import annotations

import numpy
from spacy.matcher import Matcher
from spacy.tokens import Doc

COLUMNS = {"ORTH": 0, "LOWER": 1, "TAG": 2}  # columns of doc.to_array([ORTH, LOWER, TAG])
_REQUIRED_OPS = (None, "+", "{1}")


def token_condition(token: dict, strings) -> list[tuple[int, tuple[int, ...]]] | None:
    """``[(column, allowed hashes)]`` all of which a token meeting ``token`` meets, or None when the
    condition is not one of ORTH, LOWER, TAG equal to or in a list (regex, other attributes, "!")."""
    if token.get("OP") == "!" or not set(token) - {"OP"} or not set(token) - {"OP"} <= set(COLUMNS):
        return None
    out = []
    for attr, value in token.items():
        if attr == "OP":
            continue
        if isinstance(value, str):
            values = [value]
        elif isinstance(value, dict) and set(value) == {"IN"}:
            values = list(value["IN"])
        else:
            return None
        out.append((COLUMNS[attr], tuple(sorted(strings.add(v) for v in values))))
    return sorted(out)


class RegionMatcher:
    """One greedy-LONGEST Matcher per label, run only over the runs of tokens that can match.

    Build it with :meth:`build`, which returns None when the patterns' conditions cannot be read
    (then match the whole doc)."""

    def __init__(self, matcher: Matcher, conditions: list, keys: list):
        self.matcher = matcher
        self.conditions = conditions   # every token condition of every pattern
        self.keys = keys               # each pattern's last required condition

    @classmethod
    def build(cls, vocab, by_label: dict[str, list[list[dict]]]) -> "RegionMatcher | None":
        conditions, keys = [], []
        for patterns in by_label.values():
            for pattern in patterns:
                read = [token_condition(token, vocab.strings) for token in pattern]
                required = [c for c, token in zip(read, pattern) if token.get("OP") in _REQUIRED_OPS]
                if any(c is None for c in read) or not required:
                    return None
                conditions.extend(c for c in read if c not in conditions)
                if required[-1] not in keys:
                    keys.append(required[-1])
        matcher = Matcher(vocab)
        for label, patterns in by_label.items():
            matcher.add(label, patterns, greedy="LONGEST")
        return cls(matcher, conditions, keys)

    def __call__(self, doc: Doc, array: numpy.ndarray) -> list[tuple[int, int, int]]:
        """``[(match_id, start, end)]`` of the Matcher over ``doc`` (``array``: its ORTH, LOWER, TAG)."""
        possible = _meets_any(array, self.conditions)
        if not possible.any():
            return []
        keyed = _meets_any(array, self.keys)
        matches = []
        for start, end in _runs(possible):
            if keyed[start:end].any():
                matches.extend((m, start + s, start + e) for m, s, e in self.matcher(doc[start:end]))
        return matches


def _meets_any(array: numpy.ndarray, conditions: list) -> numpy.ndarray:
    out = numpy.zeros(len(array), dtype=bool)
    for condition in conditions:
        meets = numpy.ones(len(array), dtype=bool)
        for column, values in condition:
            meets &= numpy.isin(array[:, column], numpy.array(values, dtype=numpy.uint64))
        out |= meets
    return out


def _runs(mask: numpy.ndarray) -> list[tuple[int, int]]:
    """``[(start, end)]`` of the maximal runs of True in ``mask``."""
    edges = numpy.flatnonzero(numpy.diff(numpy.concatenate(([0], mask.view(numpy.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))
