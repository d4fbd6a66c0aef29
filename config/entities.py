"""The gazetteer file (``config/entities.yaml``) read by type, once per file version: the one reader of it.

Each entity is validated (unknown fields refused, known types, cadences and languages); a bad entry
raises one ConfigFileError line naming the file, the entity and the field.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from config.config_errors import ConfigFileError, first_problem
from config.settings import get_settings

EntityType = Literal["exercise", "agreement", "dialogue", "mechanism", "programme"]
NameLanguage = Literal["ja", "en", "fr"]


class EntityEntry(BaseModel):
    """One gazetteer entry as written in the file (names before variants are generated)."""
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)  # `4.1` is a cid, not a float

    id: str = Field(min_length=1)
    type: EntityType
    parties: tuple[str, ...] = ()  # ISO alpha-2; () for multilateral
    one_off: StrictBool = False
    cadence: Literal["annual", "biennial"] | None = None
    suffixes: StrictBool = False
    field: StrictBool = False  # a field of cooperation the roadmap names (a topic, not a mechanism)
    names: dict[NameLanguage, tuple[str, ...]]
    commitments: tuple[str, ...] = ()

    def __hash__(self) -> int:  # the loaded tuple keys the gazetteer's cache; `names` (a dict) is not hashable
        return hash(self.id)


def load_entities(path: Path | str | None = None) -> tuple[EntityEntry, ...]:
    """The entities of ``path`` (default: the ``entities_file`` setting), in file order.

    Raises ConfigFileError (missing or unreadable file, bad entry, duplicate id, an entity without ja/en names).
    """
    path = Path(path or get_settings().entities_file)
    return _load(str(path), _read(path))


def entities_by_id(path: Path | str | None = None) -> dict[str, EntityEntry]:
    """The entities by id ({} when there is no gazetteer file)."""
    path = Path(path or get_settings().entities_file)
    return {e.id: e for e in load_entities(path)} if path.exists() else {}


def entity_commitments(path: Path | str | None = None) -> dict[str, list[str]]:
    """cid -> entity ids, from the entities' ``commitments`` lists ({} when there is no gazetteer file)."""
    out: dict[str, list[str]] = {}
    for ent in entities_by_id(path).values():
        for cid in ent.commitments:
            out.setdefault(cid, []).append(ent.id)
    return out


def entity_problems(path: Path | str | None = None) -> list[str]:
    """Every bad entry of the gazetteer file, one line each; [] if none."""
    path = Path(path or get_settings().entities_file)
    try:
        return _validated(path, _entries(path, _read(path)))[1]
    except ConfigFileError as exc:
        return [str(exc)]


@lru_cache(maxsize=4)
def _load(path_str: str, raw: bytes) -> tuple[EntityEntry, ...]:
    """Parsed once per file content (a timestamp can miss a quick rewrite)."""
    path = Path(path_str)
    entries, problems = _validated(path, _entries(path, raw))
    if problems:
        raise ConfigFileError(problems[0])
    return entries


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigFileError(f"{path}: gazetteer file not found ({exc.strerror or exc})") from exc


def _entries(path: Path, raw: bytes) -> list:
    try:
        data = yaml.safe_load(raw.decode("utf-8")) or {}
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigFileError(f"{path}: not valid YAML: {exc}") from exc
    raw = data.get("entities") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        raise ConfigFileError(f"{path}: expected a list `entities:`")
    return raw


def _validated(path: Path, raw: list) -> tuple[tuple[EntityEntry, ...], list[str]]:
    out: list[EntityEntry] = []
    problems: list[str] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        label = f"entity {item.get('id')!r}" if isinstance(item, dict) and item.get("id") else f"entity #{i + 1}"
        try:
            ent = EntityEntry.model_validate(item)
        except ValidationError as exc:
            problems.append(str(first_problem(path, exc, entry=label)))
            continue
        if ent.id in seen:
            problems.append(f"{path}: {label}: field 'id' is a duplicate")
        elif not ent.names.get("ja") and not ent.names.get("en"):
            problems.append(f"{path}: {label}: field 'names' has neither ja nor en names")
        else:
            seen.add(ent.id)
            out.append(ent)
    return tuple(out), problems
