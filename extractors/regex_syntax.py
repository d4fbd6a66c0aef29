"""The one place that imports the standard library's private regular-expression parser
(``re._parser``; ``sre_parse`` before Python 3.11), used to read which characters a pattern starts with,
and the guards built from them.

Python's engine tries a long alternation (every country name, every trigger) at every position of a
text; a lookahead on the characters a match can start with lets it skip the other positions at once.
tests/project/test_private_apis.py checks the parse tree keeps the shape read here.
"""
from __future__ import annotations

import re
from typing import Iterable

try:
    from re import _constants as sre_constants, _parser as sre_parse  # type: ignore[attr-defined]  # private: no stubs
except ImportError:  # Python < 3.11
    import sre_constants
    import sre_parse

__all__ = ["first_chars", "names_guard", "sre_constants", "sre_parse"]


def names_guard(names: Iterable[str]) -> str:
    """``(?=[…])`` on the first characters of ``names`` (plain strings), to put before an alternation
    of them that starts with a lookbehind (``(?<!\\w)``), which keeps the engine from skipping to the
    positions where a name can start by itself; the guard changes no match."""
    firsts = {name[:1] for name in names}
    if not firsts or "" in firsts:  # an empty name matches anywhere
        return ""
    return f"(?=[{re.escape(''.join(sorted(firsts)))}])"


def first_chars(patterns: list[str]) -> set[str] | None:
    """The characters a match of any of ``patterns`` can start with, or None when that is not plain
    (a pattern starting with ``.``, a class like ``\\w``, an optional part, a case-insensitive one…)."""
    out: set[str] = set()
    for pattern in patterns:
        try:
            parsed = sre_parse.parse(pattern)
        except (re.error, TypeError, ValueError):
            return None
        if parsed.state.flags & sre_constants.SRE_FLAG_IGNORECASE:
            return None
        first = _first_of(parsed)
        if not first:
            return None
        out |= first
    return out
def _first_of(items) -> set[str] | None:
    for op, arg in items:
        if op is sre_constants.AT:  # \b and the like take no character
            continue
        if op is sre_constants.LITERAL:
            return {chr(arg)}
        if op is sre_constants.IN:
            chars = set()
            for kind, value in arg:
                if kind is sre_constants.LITERAL:
                    chars.add(chr(value))
                elif kind is sre_constants.RANGE and value[1] - value[0] < 256:
                    chars.update(chr(c) for c in range(value[0], value[1] + 1))
                else:
                    return None
            return chars
        if op is sre_constants.SUBPATTERN:
            if arg[1] & sre_constants.SRE_FLAG_IGNORECASE:  # (?i:…)
                return None
            return _first_of(arg[-1])
        if op is sre_constants.BRANCH:
            chars = set()
            for branch in arg[1]:
                first = _first_of(branch)
                if not first:
                    return None
                chars |= first
            return chars
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and arg[0] >= 1:
            return _first_of(arg[2])
        return None
    return None
