"""Anniversary numbers in a text ("90th anniversary", 「100周年」, « 100e anniversaire »): an
anniversary whose number differs from the one a commitment names is another occasion."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from extractors.cues import CUES_FILE, CueConfigError


@cache
def _pattern(lang: str, path: str | None = None) -> re.Pattern | None:
    data = (yaml.safe_load(Path(path or CUES_FILE).read_text(encoding="utf-8")) or {}).get("anniversary") or {}
    patterns = data.get(lang) or ()
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
    except re.error as exc:
        raise CueConfigError(f"{CUES_FILE}: bad anniversary pattern for {lang}: {exc}") from None


def anniversary_numbers(text: str, lang: str) -> frozenset[int]:
    """The N of every "Nth anniversary" in ``text`` (normalised; matched lower-cased for en/fr)."""
    pattern = _pattern(lang)
    if pattern is None:
        return frozenset()
    folded = text if lang == "ja" else text.lower()
    return frozenset(int(n) for m in pattern.finditer(folded) for n in m.groups() if n)


def other_anniversary(text: str, commitment_numbers: frozenset[int], lang: str) -> bool:
    """Whether ``text`` names only anniversaries other than those the commitment names."""
    found = anniversary_numbers(text, lang)
    return bool(found and commitment_numbers and not found & commitment_numbers)
