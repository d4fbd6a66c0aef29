"""A labelled set of real releases (``../shared/realdev``-style): one JSON case per file.

A case is ``{id, lang, title, text, published?, negative, expected: [{section, commitment_hint,
mentions: [{type, text, action?}]}]}``; a mention's ``text`` is an exact substring of ``text``.
This module reads such a folder; :mod:`evaluation.realset_score` runs and scores the system on it.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

LABEL_TYPES = ("exercise", "agreement", "dialogue", "other")


class RealsetError(ValueError):
    """A labelled-set folder is missing or one of its cases is malformed."""


@dataclass(frozen=True)
class LabelledMention:
    type: str
    start: int
    end: int
    text: str
    action: str | None = None


@dataclass(frozen=True)
class Expected:
    section: str
    hint: str
    mentions: tuple[LabelledMention, ...]


@dataclass(frozen=True)
class RealCase:
    id: str
    lang: str
    title: str
    text: str
    published: dt.date | None
    negative: bool
    expected: tuple[Expected, ...]

    @property
    def sections(self) -> set[str]:
        return {e.section for e in self.expected}


def cases_dir(path: Path) -> Path:
    """The folder holding the case files: ``path`` itself, or its ``cases/`` child."""
    path = Path(path)
    if (path / "cases").is_dir():
        return path / "cases"
    if path.is_dir():
        return path
    raise RealsetError(f"{path}: no such folder")


def load_realset(path: Path) -> list[RealCase]:
    """Every ``*.json`` case under ``path`` (or ``path/cases``), in file-name order. Raises RealsetError."""
    folder = cases_dir(path)
    files = sorted(folder.glob("*.json"))
    if not files:
        raise RealsetError(f"{folder}: no *.json case files")
    return [_case(f) for f in files]


def _case(path: Path) -> RealCase:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        text, lang = raw["text"], raw["lang"]
        expected = tuple(Expected(str(e["section"]), str(e.get("commitment_hint") or ""),
                                  tuple(_mention(m, text, path) for m in e.get("mentions") or ()))
                         for e in raw.get("expected") or ())
        return RealCase(id=str(raw["id"]), lang=lang, title=str(raw.get("title") or ""), text=text,
                        published=_date(raw.get("published")), negative=bool(raw.get("negative")),
                        expected=expected)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RealsetError(f"{path}: cannot read: {exc}") from None
    except (KeyError, TypeError) as exc:
        raise RealsetError(f"{path}: missing or malformed field {exc}") from None


def _mention(m: dict, text: str, path: Path) -> LabelledMention:
    start = text.find(m["text"])
    if start < 0:
        raise RealsetError(f"{path}: labelled mention {m['text']!r} is not in the text")
    if m["type"] not in LABEL_TYPES:
        raise RealsetError(f"{path}: unknown mention type {m['type']!r}")
    return LabelledMention(m["type"], start, start + len(m["text"]), m["text"], m.get("action"))


def _date(value) -> dt.date | None:
    """An exact day only: ``YYYY-MM`` and missing dates give None (the set's notes say why)."""
    try:
        return dt.date.fromisoformat(str(value)) if value and len(str(value)) == 10 else None
    except ValueError:
        return None
