"""Which countries a piece of text names: "Japan and Canada", 日加, 日・豪, « Canada-Japon »."""
from __future__ import annotations

import re
from functools import lru_cache

from config.patterns_schema import read_patterns
from config.settings import CONFIG_DIR
from extractors.regex_syntax import names_guard

COUNTRIES_FILE = CONFIG_DIR / "patterns" / "countries.yaml"


class CountryFinder:
    """Finds country names in text of one language; built from ``config/patterns/countries.yaml``."""

    def __init__(self, lang: str, data: dict):
        self.lang = lang
        self._code: dict[str, str] = {}
        for code, names in data["countries"].items():
            for name in names.get(lang) or ():
                self._code.setdefault(name, code)
        if lang != "ja":
            for code, people in (data.get("people") or {}).items():
                for name in people:
                    self._code.setdefault(name, code)
        alternation = "|".join(re.escape(n) for n in sorted(self._code, key=len, reverse=True))
        # Place names that contain a country's name ("East China Sea", インド太平洋) name no party:
        # they are matched first (longest, leftmost) and dropped.
        places = sorted((data.get("places") or {}).get(lang) or (), key=len, reverse=True)
        for place in places:
            self._code[place] = ""
        if places:
            alternation = "|".join(re.escape(n) for n in places) + "|" + alternation
        if lang == "ja":
            self._pattern = re.compile(alternation)
            abbrev = data.get("ja_abbreviations") or {}
            self._abbrev = abbrev
            chars = "".join(c for c in abbrev if c != "日")
            # 日加, 日・加, 日米豪; and 日・カナダ, 日カナダ, 日・オーストラリア (日 before a written-out name;
            # a date's 日 is ruled out by ja_not_after: 10日カナダ大使館)
            self._compound = re.compile(rf"日(?:・?[{chars}])+|日・?(?=(?:{alternation}))")
            self._not_after = set(data.get("ja_not_after") or "")
            self._not_words = tuple(data.get("ja_not_words") or ())
        else:
            # the lookbehind up front stops the engine skipping to a name's first letters: the guard does
            self._pattern = re.compile(rf"{names_guard(self._code)}(?<![\w])(?:{alternation})(?![\w])")

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
        """Return ``[(offset, code)]`` for each country named in ``text[start:end]``, in order."""
        end = len(text) if end is None else end
        found = [(m.start(), self._code[m.group()]) for m in self._pattern.finditer(text, start, end)
                 if self._code[m.group()]]
        if self.lang == "ja":
            found.extend(self._compounds(text, start, end))
            found.sort()
        return found

    def codes(self, text: str, start: int = 0, end: int | None = None) -> tuple[str, ...]:
        """The distinct country codes named in ``text[start:end]``, in order of first appearance."""
        if start == 0 and end is None:
            return self.sentence_codes(text)
        return tuple(dict.fromkeys(code for _, code in self.find(text, start, end)))

    @lru_cache(maxsize=4096)  # noqa: B019  (one instance a language, kept for the process: no leak)
    def sentence_codes(self, text: str) -> tuple[str, ...]:
        """:meth:`codes` of the whole of ``text``, cached: extraction and linking read the same sentences."""
        return tuple(dict.fromkeys(code for _, code in self.find(text)))

    def _compounds(self, text: str, start: int, end: int):
        for m in self._compound.finditer(text, start, end):
            s = m.start()
            if s > 0 and text[s - 1] in self._not_after:
                continue
            if text.startswith(self._not_words, s):
                continue
            for i, ch in enumerate(m.group()):
                if ch in self._abbrev:
                    yield s + i, self._abbrev[ch]


@lru_cache(maxsize=None)
def _data(path: str) -> dict:
    return read_patterns(path)


@lru_cache(maxsize=None)
def country_finder(lang: str, path: str | None = None) -> CountryFinder:
    """The cached CountryFinder for ``lang``."""
    return CountryFinder(lang, _data(str(path or COUNTRIES_FILE)))


@lru_cache(maxsize=None)
def pair_prefix_pattern(lang: str, path: str | None = None) -> re.Pattern:
    """A pattern for a country pair written right before a name: "Japan-Australia ", 日豪, 日・加, « Canada-Japon »."""
    data = _data(str(path or COUNTRIES_FILE))
    names = sorted({n for v in data["countries"].values() for n in v.get(lang) or () if n[:1].isupper() or lang == "ja"},
                   key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    if lang == "ja":
        chars = "".join(c for c in data.get("ja_abbreviations") or {} if c != "日")
        return re.compile(rf"(?:日(?:・?[{chars}])+|(?:{alt})(?:・|と)?(?:{alt}))(?:間の|の|間)?$")
    return re.compile(rf"\b(?:{alt})(?:\s*[-/]\s*(?:{alt}))+\s*$")
