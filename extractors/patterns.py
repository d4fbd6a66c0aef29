"""General token patterns (``config/patterns/general.yaml``) for names the gazetteer lacks."""
from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from config.settings import CONFIG_DIR

GENERAL_FILE = CONFIG_DIR / "patterns" / "general.yaml"


@dataclass(frozen=True)
class GeneralPatterns:
    """Matcher patterns per label, and the words stripped from the start of a match, for one language."""
    by_label: dict[str, list[list[dict]]]
    strip_leading: frozenset[str]
    join_words: frozenset[str]
    keyword_types: dict[str, str]
    tail_words: frozenset[str]


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
    data = yaml.safe_load(Path(path or GENERAL_FILE).read_text(encoding="utf-8"))
    shorthands = data.get("shorthands") or {}
    by_label: dict[str, list[list[dict]]] = {}
    for entry in (data.get("patterns") or {}).get(lang) or ():
        pattern = [_expand_token(t, shorthands) for t in entry["pattern"]]
        by_label.setdefault(entry["label"], []).append(pattern)
    strip = frozenset((data.get("strip_leading") or {}).get(lang) or ())
    join = frozenset((data.get("join_words") or {}).get(lang) or ())
    return GeneralPatterns(by_label=by_label, strip_leading=strip, join_words=join,
                           keyword_types=dict(data.get("keyword_types") or {}),
                           tail_words=frozenset((data.get("tail_words") or {}).get(lang) or ()))
