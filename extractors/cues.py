"""What a passage reports, read from its wording: a joint position, joint work, or background.

The cues are data (``config/linking.yaml``); the linker weighs passages with them. Pure and cached.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from config.patterns_schema import read_patterns
from config.settings import CONFIG_DIR
from extractors.regex_syntax import names_guard

CUES_FILE = CONFIG_DIR / "linking.yaml"
KINDS = ("agreed", "together", "background", "history", "event")


class CueConfigError(ValueError):
    """config/linking.yaml is missing a kind or a language, or holds a bad regular expression."""


@dataclass(frozen=True)
class Cues:
    agreed: bool
    together: bool
    background: bool
    history: bool
    event: bool

    def names(self) -> list[str]:
        return [k for k in KINDS if getattr(self, k)]


class CueFinder:
    """The cue patterns of one language."""

    def __init__(self, lang: str, data: dict):
        self.lang = lang
        try:
            self._patterns = {kind: re.compile("|".join(f"(?:{p})" for p in data[kind][lang])) for kind in KINDS}
            self._multilateral = re.compile("|".join(f"(?:{p})" for p in (data.get("multilateral") or {})[lang]))
        except (KeyError, TypeError) as exc:
            raise CueConfigError(f"{CUES_FILE}: no {exc} cues for {lang}") from None
        except re.error as exc:
            raise CueConfigError(f"{CUES_FILE}: bad pattern for {lang}: {exc}") from None

    def multilateral(self, title: str) -> bool:
        """Whether ``title`` (normalised) names a multilateral forum."""
        return bool(title) and bool(self._multilateral.search(title if self.lang == "ja" else title.lower()))

    @lru_cache(maxsize=4096)  # noqa: B019  (one instance a language, kept for the process: no leak)
    def read(self, passage: str) -> Cues:
        """Which cues ``passage`` (normalised text) carries (cached: mentions share their sentence)."""
        text = passage if self.lang == "ja" else passage.lower()
        return Cues(*(bool(self._patterns[k].search(text)) for k in KINDS))


@lru_cache(maxsize=None)
def place_pattern(lang: str, path: str | None = None) -> tuple[tuple[re.Pattern, str], ...]:
    """(pattern, country code) for the places of ``implies`` in config/linking.yaml."""
    data = read_patterns(path or CUES_FILE).get("implies") or {}
    out = []
    for code, by_lang in data.items():
        names = sorted(by_lang.get(lang) or (), key=len, reverse=True)
        if names:
            alt = "|".join(re.escape(n) for n in names)
            out.append((re.compile(alt if lang == "ja" else rf"{names_guard(names)}(?<!\w)(?:{alt})(?!\w)"), code))
    return tuple(out)


def mask_places(text: str, lang: str) -> str:
    """``text`` with the places of ``implies`` blanked out (same length), so that "British Columbia"
    is not read as Britain."""
    for pattern, _ in place_pattern(lang):
        if pattern.search(text):  # most releases name no such place: no copy of the text then
            text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def implied_countries(text: str, lang: str) -> set[str]:
    """Countries the places named in ``text`` lie in (Alberta: CA; 沖縄: JP)."""
    return {code for pattern, code in place_pattern(lang) if pattern.search(text)}


@lru_cache(maxsize=None)
def cue_finder(lang: str, path: str | None = None) -> CueFinder:
    """The cached CueFinder for ``lang`` ('ja', 'en' or 'fr')."""
    data = read_patterns(path or CUES_FILE)
    return CueFinder(lang, data)
