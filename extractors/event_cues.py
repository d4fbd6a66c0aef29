"""The cue lists of ``config/patterns/event_cues.yaml``, compiled once per language."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from config.patterns_schema import read_patterns
from config.settings import CONFIG_DIR

EVENT_CUES_FILE = CONFIG_DIR / "patterns" / "event_cues.yaml"


@dataclass(frozen=True)
class EventCues:
    """Compiled cues of one language (en/fr patterns match lower-cased text)."""
    lang: str
    plan_documents: re.Pattern
    intent: re.Pattern
    retrospective: re.Pattern
    places: re.Pattern            # any city name
    city_of: dict[str, str]       # a city name as written -> its city id
    locative: re.Pattern


def _any(patterns) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns or ()) or "(?!)")


@lru_cache(maxsize=None)
def event_cues(lang: str, path: str | None = None) -> EventCues:
    """The cues for ``lang`` ('ja', 'en', 'fr'; anything else reads as 'en')."""
    lang = lang if lang in ("ja", "en", "fr") else "en"
    data = read_patterns(path or EVENT_CUES_FILE)
    city_of = {name: city for city, names in (data.get("places") or {}).items() for name in names.get(lang) or ()}
    boundary = "" if lang == "ja" else r"\b"
    names = "|".join(re.escape(n) for n in sorted(city_of, key=len, reverse=True))
    return EventCues(lang=lang, plan_documents=_any(data["plan_documents"].get(lang)),
                     intent=_any(data["intent"].get(lang)), retrospective=_any(data["retrospective"].get(lang)),
                     places=re.compile(f"{boundary}(?:{names or '(?!)'}){boundary}"), city_of=city_of,
                     locative=re.compile(data["locative"][lang]))
