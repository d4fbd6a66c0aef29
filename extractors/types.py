"""Plain data passed between extraction, linking and the rest of the pipeline."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from config.roadmap_data import CommitmentInfo  # noqa: F401  (re-exported: linking takes these)

MENTION_TYPES = ("exercise", "agreement", "dialogue", "mechanism", "programme")


@dataclass(frozen=True)
class Mention:
    """One mention of an exercise, agreement, dialogue, mechanism or programme in a text.

    ``start``/``end`` are character offsets into the text given to the extractor; ``sentence_start``
    is the offset of ``sentence``. ``countries`` are ISO 3166 alpha-2 codes of the parties the
    sentence names (``("JP", "CA")``); ``canonical_id`` is a gazetteer id or None for a new name.
    """
    type: str
    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    canonical_id: str | None = None
    action: str | None = None
    date: dt.date | None = None
    countries: tuple[str, ...] = ()
    lang: str = ""


@dataclass(frozen=True)
class Link:
    """A suggested link from a document to a commitment."""
    commitment_id: str
    section: str
    score: float
    rationale: str
    mention_spans: tuple[tuple[int, int], ...] = ()
    action: str | None = None
    canonical_id: str | None = None
    suggested: bool = True  # False: below the threshold, kept for audit only


@dataclass
class DocumentInput:
    """A document as `roadmap match` and the pipeline hand it to extraction and linking."""
    id: str
    text: str
    title: str = ""
    lang: str | None = None
    url: str | None = None
    published: dt.date | None = None
    extra: dict = field(default_factory=dict)
