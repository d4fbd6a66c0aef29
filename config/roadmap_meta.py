"""A roadmap folder's ``meta.yaml`` read by type: which files hold its text, translations and annotations."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Party = Literal["JP", "CA"]
TranslationLanguage = Literal["en", "fr"]


class RoadmapMeta(BaseModel):
    """``meta.yaml``: unknown fields refused; file names are plain names inside the roadmap's folder."""
    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: str = Field(default="", pattern=r"^$|^[a-z0-9][a-z0-9-]*$")
    title_ja: str = ""
    title_en: str = ""
    released: dt.date | None = Field(default=None, strict=True)  # a YAML date: 2026-03-06
    parties: tuple[Party, ...] = ()
    text: str = "roadmap-ja.txt"
    translations: dict[TranslationLanguage, str] = Field(default_factory=dict)
    annotations: str = "annotations.yaml"
    commit_markers: tuple[str, ...] = ()
    lead_in_markers: tuple[str, ...] = ()

    @field_validator("text", "annotations")
    @classmethod
    def _plain_name(cls, name: str) -> str:
        return _in_folder(name)

    @field_validator("translations")
    @classmethod
    def _plain_names(cls, files: dict[str, str]) -> dict[str, str]:
        return {lang: _in_folder(name) for lang, name in files.items()}


def _in_folder(name: str) -> str:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"must be a file name inside the roadmap's folder, got {name!r}")
    return name
