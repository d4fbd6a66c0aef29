"""How a sentence names a field of cooperation the roadmap names (critical minerals, 北極研究): as work
of the two countries, or as one item of a list of areas. Data: ``fields`` in config/linking.yaml."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from extractors.cues import CUES_FILE, CueConfigError
from extractors.gazetteer import load_gazetteer
from extractors.regex_syntax import names_guard
from sources.textnorm import normalize


@dataclass(frozen=True)
class FieldCues:
    work: re.Pattern
    pair: re.Pattern
    separators: re.Pattern
    etc: re.Pattern
    window: int
    adjacent: int
    min_separators: int

    def reports_work(self, sentence: str) -> bool:
        """Whether ``sentence`` (normalised) reports working together (cooperate, 連携, « coopérer »)."""
        return bool(self.work.search(sentence.lower()))

    def names_pair(self, sentence: str) -> bool:
        """Whether ``sentence`` (normalised) says the two countries act together ("bilateral", 両国)."""
        return bool(self.pair.search(sentence.lower()))

    def in_list(self, sentence: str, start: int, end: int) -> bool:
        """Whether the field at ``sentence[start:end]`` is one item of a list of areas."""
        if self.etc.search(sentence[end:end + 12].lower()):
            return True
        next_to = sentence[max(0, start - self.adjacent):start] + " " + sentence[end:end + self.adjacent]
        if not self.separators.search(next_to):
            return False
        around = sentence[max(0, start - self.window):start] + " " + sentence[end:end + self.window]
        return len(self.separators.findall(around)) >= self.min_separators


@cache
def field_cues(lang: str, path: str | None = None) -> FieldCues:
    """The cached field cues of ``lang`` ('ja', 'en' or 'fr'). Raises CueConfigError."""
    data = (yaml.safe_load(Path(path or CUES_FILE).read_text(encoding="utf-8")) or {}).get("fields") or {}
    try:
        work, pair, listing = data["work"][lang], data["pair"][lang], data["list"][lang]
        return FieldCues(work=re.compile("|".join(f"(?:{p})" for p in work)),
                         pair=re.compile("|".join(f"(?:{p})" for p in pair)),
                         separators=re.compile(listing["separators"]), etc=re.compile(listing["etc"]),
                         window=int(listing["window"]), adjacent=int(listing["adjacent"]),
                         min_separators=int(listing["min"]))
    except (KeyError, TypeError) as exc:
        raise CueConfigError(f"{CUES_FILE}: no field cue {exc} for {lang}") from None
    except re.error as exc:
        raise CueConfigError(f"{CUES_FILE}: bad field pattern for {lang}: {exc}") from None


@cache
def _field_names(lang: str) -> tuple[re.Pattern | None, dict[str, str]]:
    gaz = load_gazetteer()
    by_name = {normalize(n).lower(): eid for eid in gaz.fields() for n in gaz.entities[eid].names.get(lang, ())}
    if not by_name:
        return None, by_name
    alt = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    return re.compile(alt if lang == "ja" else rf"{names_guard(by_name)}(?<!\w)(?:{alt})(?!\w)"), by_name


def fields_in_name(name: str, lang: str) -> list[str]:
    """Ids of the fields a mechanism's name is about ("Memorandum for Promotion of Space Cooperation",
    「重要鉱物に関する協力覚書」): the name's subject, in the order they appear."""
    pattern, by_name = _field_names(lang)
    if pattern is None:
        return []
    return list(dict.fromkeys(by_name[m.group()] for m in pattern.finditer(normalize(name).lower())))
