"""A roadmap as shipped in config: its text parsed, with our translation and analysts' annotations."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from config.roadmap_parser import (DEFAULT_COMMIT_MARKERS, DEFAULT_LEAD_IN_MARKERS, ParsedRoadmap,
                                   parse_roadmap)
from config.config_errors import ConfigFileError, first_problem
from config.entities import entity_commitments
from config.roadmap_meta import RoadmapMeta
from config.settings import get_settings


@dataclass(frozen=True)
class CommitmentInfo:
    """What linking needs to know of a commitment, read from config (no database)."""
    cid: str
    chapter: str
    section: str
    kind: str
    text_ja: str
    text_en: str = ""
    text_fr: str = ""
    keywords: tuple[str, ...] = ()
    cadence: str | None = None
    entities: tuple[str, ...] = ()


class RoadmapConfigError(ConfigFileError):
    """A roadmap folder is missing a file or has a malformed one."""


@dataclass
class RoadmapBundle:
    slug: str
    title_ja: str
    title_en: str
    released: dt.date | None
    parties: list[str]
    text: str
    parsed: ParsedRoadmap
    translations: dict = field(default_factory=dict)  # lang -> {"title", "sections": {num: t}, "commitments": {cid: t}}
    annotations: dict = field(default_factory=dict)   # cid -> {keywords, cadence}
    entity_links: dict = field(default_factory=dict)  # cid -> [entity ids], from entities.yaml

    def translated(self, cid: str, lang: str) -> str:
        return str((self.translations.get(lang) or {}).get("commitments", {}).get(cid) or "")

    def section_title(self, number: str, lang: str) -> str:
        return str((self.translations.get(lang) or {}).get("sections", {}).get(number) or "")

    def commitment_infos(self) -> list[CommitmentInfo]:
        out = []
        for c in self.parsed.commitments:
            ann = self.annotations.get(c.cid) or {}
            out.append(CommitmentInfo(
                cid=c.cid, chapter=c.chapter, section=c.section, kind=c.kind, text_ja=c.text,
                text_en=self.translated(c.cid, "en"), text_fr=self.translated(c.cid, "fr"),
                keywords=tuple(ann.get("keywords") or ()), cadence=ann.get("cadence"),
                entities=tuple(self.entity_links.get(c.cid, ())),
            ))
        return out


def read_utf8(path: Path) -> str:
    """The text of ``path``; RoadmapConfigError if it cannot be read or is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RoadmapConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise RoadmapConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def _read_yaml(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(read_utf8(path)) or {}
    except yaml.YAMLError as exc:
        raise RoadmapConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RoadmapConfigError(f"{path}: expected a mapping at the top level")
    return data


def read_meta(roadmap_dir: Path) -> RoadmapMeta:
    """The folder's ``meta.yaml``, validated. Raises RoadmapConfigError (missing, malformed, a bad field)."""
    path = roadmap_dir / "meta.yaml"
    data = _read_yaml(path)
    if not data:
        raise RoadmapConfigError(f"{roadmap_dir}: no meta.yaml")
    try:
        return RoadmapMeta.model_validate(data)
    except ValidationError as exc:
        raise RoadmapConfigError(str(first_problem(path, exc))) from None


def load_bundle(roadmap_dir: Path | None = None, *, text: str | None = None,
                entities_file: Path | None = None) -> RoadmapBundle:
    """Read a roadmap folder (meta.yaml, the text, en.yaml, annotations.yaml).

    ``text`` overrides the folder's text (for loading an edited copy). Raises RoadmapConfigError or
    RoadmapFormatError.
    """
    settings = get_settings()
    roadmap_dir = Path(roadmap_dir or settings.roadmap_dir)
    meta = read_meta(roadmap_dir)
    if text is None:
        text_path = roadmap_dir / meta.text
        if not text_path.exists():
            raise RoadmapConfigError(f"{text_path}: the roadmap text is missing")
        text = read_utf8(text_path)
    parsed = parse_roadmap(
        text,
        commit_markers=meta.commit_markers or DEFAULT_COMMIT_MARKERS,
        lead_in_markers=meta.lead_in_markers or DEFAULT_LEAD_IN_MARKERS,
    )
    translations = {lang: _read_yaml(roadmap_dir / name) for lang, name in meta.translations.items()}
    annotations = _read_yaml(roadmap_dir / meta.annotations)
    return RoadmapBundle(
        slug=meta.slug or roadmap_dir.name,
        title_ja=meta.title_ja or parsed.title,
        title_en=meta.title_en,
        released=meta.released,
        parties=list(meta.parties),
        text=text,
        parsed=parsed,
        translations=translations,
        annotations=annotations.get("commitments") or {},
        entity_links=_entity_links(Path(entities_file or settings.entities_file)),
    )


def _entity_links(entities_file: Path) -> dict[str, list[str]]:
    try:
        return entity_commitments(entities_file)
    except ConfigFileError as exc:
        raise RoadmapConfigError(str(exc)) from exc
