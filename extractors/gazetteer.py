"""The gazetteer: every exercise, agreement, dialogue, mechanism and programme we know by name.

Read from ``config/entities.yaml``. Names are expanded with the variants releases use for the same
thing (日加 / 日・加 / 日カナダ / 日・カナダ / 日本・カナダ; Japan-Canada / Canada-Japan; Defence /
Defense; Programme / Program) so the data file only lists each name once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from config.config_errors import ConfigFileError
from config.entities import EntityEntry, load_entities
from config.settings import get_settings


class GazetteerError(ConfigFileError):
    """The gazetteer file is missing or malformed."""


@dataclass(frozen=True)
class Entity:
    """A named exercise, agreement, dialogue, mechanism or programme."""
    id: str
    type: str
    names: dict[str, tuple[str, ...]]  # lang -> names, variants included
    parties: tuple[str, ...] = ()
    commitments: tuple[str, ...] = ()
    one_off: bool = False
    cadence: str | None = None
    suffixes: bool = False  # exercise names carrying year/serial suffixes (KAEDEX 2018, KAEDEX19-1)
    field: bool = False  # a field of cooperation the roadmap names (critical minerals, 北極研究), not a mechanism


@dataclass
class Gazetteer:
    """Entities by id, in file order."""
    entities: dict[str, Entity] = field(default_factory=dict)

    def fields(self) -> frozenset[str]:
        """Ids of the entities that are fields of cooperation rather than named mechanisms."""
        return frozenset(eid for eid, ent in self.entities.items() if ent.field)

    def names(self, lang: str) -> list[tuple[str, str]]:
        """``[(name, entity_id)]`` for ``lang``, plus the Latin-script names of other languages for ja/fr
        (ACSA, KAEDEx and CPTPP appear as such in Japanese and French texts)."""
        out = []
        for ent in self.entities.values():
            for name in ent.names.get(lang, ()):
                out.append((name, ent.id))
            if lang != "en":
                for name in ent.names.get("en", ()):
                    if lang == "fr" and name.isupper() or lang == "ja" and _is_latin_acronymish(name):
                        out.append((name, ent.id))
        return out


_JA_PAIR = ("日本・カナダ間の", "日本・カナダ", "日本カナダ", "日・カナダ", "日カナダ", "日・加", "日加")
_EN_PAIR = re.compile(r"^(Japan|Canada)[-–](Canada|Japan)\b")
_FR_PAIR = re.compile(r"^(Japon|Canada)[-–](Canada|Japon)\b")


def _is_latin_acronymish(name: str) -> bool:
    return name.isascii() and (name.isupper() or len(name.split()) <= 3)


def name_variants(name: str, lang: str) -> list[str]:
    """The spellings under which ``name`` appears in releases (``name`` itself first)."""
    out = [name]
    if lang == "ja":
        for prefix in _JA_PAIR:
            if name.startswith(prefix):
                rest = name[len(prefix):]
                out += [p + rest for p in _JA_PAIR if p != "日本・カナダ間の"]
                break
    elif lang == "en":
        m = _EN_PAIR.match(name)
        if m:
            rest = name[m.end():]
            out += [f"Japan-Canada{rest}", f"Canada-Japan{rest}"]
        out += [_swap(v, "Japan", "Canada") for v in out if "Japan" in v and "Canada" in v]
        out += [v.replace("Defence", "Defense") for v in out if "Defence" in v]
        out += [v.replace("Programme", "Program") for v in out if "Programme" in v]
        out += [v.replace("Cooperation", "Co-operation") for v in out if "Cooperation" in v]
        out += [v.replace("Political-Military", "Politico-Military") for v in out if "Political-Military" in v]
    elif lang == "fr":
        m = _FR_PAIR.match(name)
        if m:
            rest = name[m.end():]
            out += [f"Japon-Canada{rest}", f"Canada-Japon{rest}"]
        out += [_swap(v, "Japon", "Canada") for v in out if "Japon" in v and "Canada" in v]
        # Canada's French says « mémorandum » for a memorandum of cooperation as often as « protocole »,
        # and « arrangement de mise en œuvre » for an implementing arrangement.
        for old, new in _FR_SYNONYMS:
            out += [re.sub(old, new, v) for v in out if re.search(old, v)]
    return list(dict.fromkeys(out))


_FR_SYNONYMS = ((r"\b([Pp])rotocole de coopération", lambda m: "Mémorandum de coopération" if m.group(1) == "P"
                  else "mémorandum de coopération"),
                (r"\barrangement d'application", "arrangement de mise en œuvre"))


def _swap(name: str, a: str, b: str) -> str:
    return re.sub(rf"\b({a}|{b})\b", lambda m: b if m.group() == a else a, name)


def _entity(entry: EntityEntry) -> Entity:
    names: dict[str, tuple[str, ...]] = {lang: tuple(dict.fromkeys(v for n in items for v in name_variants(n, lang)))
             for lang, items in entry.names.items()}
    return Entity(id=entry.id, type=entry.type, names=names, parties=entry.parties, commitments=entry.commitments,
                  one_off=entry.one_off, cadence=entry.cadence, suffixes=entry.suffixes, field=entry.field)


def load_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """Read the gazetteer (default: the ``entities_file`` setting), names with their variants.

    Raises GazetteerError (the file is missing or an entry does not validate).
    """
    path = Path(path or get_settings().entities_file)
    try:
        entries = load_entities(path)
    except ConfigFileError as exc:
        raise GazetteerError(str(exc)) from exc
    return _built(entries)


@lru_cache(maxsize=4)
def _built(entries: tuple[EntityEntry, ...]) -> Gazetteer:
    return Gazetteer(entities={e.id: _entity(e) for e in entries})
