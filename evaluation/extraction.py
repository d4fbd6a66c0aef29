"""Scores mention extraction against the labelled development set (``evaluation/data/devset/*.yaml``).

A predicted mention matches a gold one of the same type whose span it overlaps (each gold mention
matches at most once). Precision and recall are counted per language and type; canonical ids,
actions and countries are compared on matched pairs; hard negatives count the mentions attributed
to Japan–Canada (countries containing both JP and CA), which must be none.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from evaluation.bundled_sets import DEVSET_DIR
from extractors.extract import get_extractor
from extractors.gazetteer import load_gazetteer
from extractors.types import MENTION_TYPES, Mention


class DevsetError(ValueError):
    """A development-set file is malformed (a gold mention's text is not in its document, …)."""


@dataclass
class Gold:
    type: str
    start: int
    end: int
    canonical_id: str | None
    action: str | None
    countries: tuple[str, ...]
    lang: str


@dataclass
class Document:
    id: str
    lang: str
    text: str
    negative: bool
    gold: list[Gold]


@dataclass
class Report:
    """Counts per (lang, type), and the agreement figures on matched pairs."""
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    agree: Counter = field(default_factory=Counter)   # canonical / action / countries agreements
    pairs: int = 0
    negative_docs: int = 0
    negative_jp_ca: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def scores(self) -> list[dict]:
        """One row per (lang, type) with gold mentions or predictions: tp, fp, fn, precision, recall."""
        rows = []
        for key in sorted(set(self.tp) | set(self.fp) | set(self.fn)):
            tp, fp, fn = self.tp[key], self.fp[key], self.fn[key]
            rows.append({"lang": key[0], "type": key[1], "tp": tp, "fp": fp, "fn": fn,
                         "precision": round(tp / (tp + fp), 3) if tp + fp else None,
                         "recall": round(tp / (tp + fn), 3) if tp + fn else None})
        return rows

    def as_dict(self) -> dict:
        """Everything in the report as plain data (for ``--format json``)."""
        pairs = self.pairs or 1
        return {"scores": self.scores(),
                "matched": self.pairs,
                "canonical_accuracy": round(self.agree["canonical"] / pairs, 3),
                "action_accuracy": round(self.agree["action"] / pairs, 3),
                "countries_accuracy": round(self.agree["countries"] / pairs, 3),
                "negative_documents": self.negative_docs,
                "negative_jp_ca_mentions": self.negative_jp_ca,
                "errors": self.errors}


def load_devset(directory: Path | None = None) -> list[Document]:
    """Read every ``*.yaml`` in the devset folder. Raises DevsetError."""
    docs = []
    for path in sorted(Path(directory or DEVSET_DIR).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for raw in data.get("documents") or []:
            docs.append(_document(raw, path))
    return docs


def _document(raw: dict, path: Path) -> Document:
    text, lang = raw["text"], raw["lang"]
    gold = []
    for m in raw.get("mentions") or []:
        start = _nth(text, m["text"], int(m.get("nth", 1)))
        if start < 0:
            raise DevsetError(f"{path}: {raw['id']}: {m['text']!r} (occurrence {m.get('nth', 1)}) not in text")
        if m["type"] not in MENTION_TYPES:
            raise DevsetError(f"{path}: {raw['id']}: unknown type {m['type']!r}")
        gold.append(Gold(m["type"], start, start + len(m["text"]), m.get("canonical_id"), m.get("action"),
                         tuple(m.get("countries") or ()), m.get("lang", lang)))
    return Document(raw["id"], lang, text, bool(raw.get("negative")), gold)


def _nth(text: str, needle: str, n: int) -> int:
    pos = -1
    for _ in range(n):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            return -1
    return pos


def evaluate(docs: list[Document] | None = None, *, use_declared_lang: bool = True) -> Report:
    """Run the extractor over the devset and score it. ``use_declared_lang`` False: detect languages."""
    docs = load_devset() if docs is None else docs
    extractor = get_extractor()
    fields = load_gazetteer().fields()  # topics (critical minerals), not the named things the sets label
    report = Report()
    for doc in docs:
        predicted = [m for m in extractor.extract(doc.text, doc.lang if use_declared_lang else None)
                     if m.canonical_id not in fields]
        _score(doc, predicted, report)
    return report


def _score(doc: Document, predicted: list[Mention], report: Report) -> None:
    unmatched = list(doc.gold)
    for m in predicted:
        match = next((g for g in unmatched if g.type == m.type and g.start < m.end and m.start < g.end), None)
        if match is None:
            report.fp[(m.lang, m.type)] += 1
            report.errors.append({"doc": doc.id, "kind": "fp", "type": m.type, "text": m.text})
        else:
            unmatched.remove(match)
            report.tp[(match.lang, match.type)] += 1
            report.pairs += 1
            report.agree["canonical"] += m.canonical_id == match.canonical_id
            report.agree["action"] += m.action == match.action
            report.agree["countries"] += set(m.countries) == set(match.countries)
            for what, got, want in (("canonical", m.canonical_id, match.canonical_id), ("action", m.action, match.action)):
                if got != want:
                    report.errors.append({"doc": doc.id, "kind": what, "text": m.text, "got": got, "want": want})
        if doc.negative and {"JP", "CA"} <= set(m.countries):
            report.negative_jp_ca.append({"doc": doc.id, "text": m.text, "countries": list(m.countries)})
    for g in unmatched:
        report.fn[(g.lang, g.type)] += 1
        report.errors.append({"doc": doc.id, "kind": "fn", "type": g.type, "text": doc.text[g.start:g.end]})
    report.negative_docs += doc.negative
