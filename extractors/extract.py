"""Public entry points: find the mentions in a release's text, in Japanese, English or French."""
from __future__ import annotations

import dataclasses
import logging
import threading
from typing import Iterable

from extractors.annotate import annotate, doc_context
from extractors.gazetteer import Gazetteer, load_gazetteer
from sources.languages import LANGS, language_runs
from extractors.pipeline import build_pipeline, run_pipeline
from extractors.subject import with_subject_actions
from sources.textnorm import normalize
from extractors.types import Mention

log = logging.getLogger(__name__)

# spaCy refuses a text over nlp.max_length (1,000,000 characters, error E088); a release is rarely over
# 50,000. Longer texts are read in pieces of at most PIECE_CHARS, cut at line breaks, and only their
# first MAX_EXTRACT_CHARS: a page padded to megabytes must not hold the run for minutes.
PIECE_CHARS = 100_000
MAX_EXTRACT_CHARS = 400_000


class Extractor:
    """Runs the rule pipelines of each language over texts; build it once (see :func:`get_extractor`)."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or load_gazetteer()

    def pipeline(self, lang: str):
        """The spaCy pipeline for ``lang`` (built on first use)."""
        if lang not in LANGS:
            raise ValueError(f"unsupported language {lang!r}: expected one of {', '.join(LANGS)}")
        return build_pipeline(lang)

    def extract(self, text: str, lang: str | None = None) -> list[Mention]:
        """Mentions in ``text`` with offsets into it. ``lang`` None: detect; either way, paragraphs in
        another language (an English section on a Japanese page) are read in their own language."""
        if lang is not None and lang not in LANGS:
            raise ValueError(f"unsupported language {lang!r}: expected one of {', '.join(LANGS)}")
        norm = normalize(text)
        mentions: list[Mention] = []
        runs = language_runs(norm, lang)
        main_lang = max(runs, key=lambda r: r[1] - r[0])[2]
        contexts = {}
        for start, end, run_lang in runs:
            if not norm[start:end].strip():
                continue
            if run_lang not in contexts:
                contexts[run_lang] = doc_context(norm, run_lang) if run_lang == main_lang \
                    else doc_context(norm[start:end], run_lang)
            doc = run_pipeline(run_lang, norm[start:end])
            mentions.extend(annotate(doc, text=text, norm=norm[start:end], offset=start, lang=run_lang, gaz=self.gazetteer,
                                     context=contexts[run_lang]))
        return with_subject_actions(mentions, norm, main_lang)

    def extract_many(self, texts_with_langs: Iterable[tuple[str, str | None]]) -> list[list[Mention]]:
        """Mentions for each ``(text, lang)`` pair, in order."""
        return [self.extract(text, lang) for text, lang in texts_with_langs]


_EXTRACTOR: list[Extractor] = []
_EXTRACTOR_LOCK = threading.Lock()


def get_extractor() -> Extractor:
    """The process-wide Extractor (pipelines and gazetteer loaded once, even when threads race)."""
    if not _EXTRACTOR:
        with _EXTRACTOR_LOCK:
            if not _EXTRACTOR:
                _EXTRACTOR.append(Extractor())
    return _EXTRACTOR[0]


def extract_mentions(text: str, lang: str | None = None) -> list[Mention]:
    """Find the exercises, agreements, dialogues, mechanisms and programmes ``text`` mentions.

    ``lang`` is 'ja', 'en', 'fr' or None (detect per document and per paragraph). Returns Mention
    records (extractors.types) in text order, offsets into ``text``. Raises ValueError for another
    language code. A text over PIECE_CHARS is read piece by piece, and only its first
    MAX_EXTRACT_CHARS (a warning says so; ``extraction_limit`` tells callers).
    """
    extractor = get_extractor()
    if len(text) <= PIECE_CHARS:
        return extractor.extract(text, lang)
    if extraction_limit(text):
        log.warning("text of %d characters: mentions are extracted from its first %d only", len(text),
                    MAX_EXTRACT_CHARS)
    mentions: list[Mention] = []
    for start, end in pieces(text[:MAX_EXTRACT_CHARS]):
        for m in extractor.extract(text[start:end], lang):
            mentions.append(dataclasses.replace(m, start=m.start + start, end=m.end + start,
                                                sentence_start=m.sentence_start + start))
    return mentions


def extraction_limit(text: str) -> str | None:
    """A note when ``text`` is too long to be read whole (what was left out), else None."""
    if len(text) <= MAX_EXTRACT_CHARS:
        return None
    return f"only the first {MAX_EXTRACT_CHARS:,} of {len(text):,} characters were read for mentions"


def pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) spans covering ``text``, each at most ``size`` long, cut after a line break where
    the span has one (else mid-line)."""
    spans, start = [], 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        spans.append((start, end))
        start = end
    return spans
