"""Measure the linker on a labelled set: precision and recall at section and commitment level.

A labelled record is a `roadmap match` input line plus ``commitments`` (the gold commitment IDs) and
``hard_negative`` (true for releases that must get no link: another partner country, background-only
mentions, Japan–Canada meetings that commit to nothing).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, predicted: set, gold: set) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)


@dataclass
class LinkReport:
    documents: int = 0
    section: Counts = field(default_factory=Counts)
    commitment: Counts = field(default_factory=Counts)
    by_lang: dict[str, Counts] = field(default_factory=dict)  # section level
    hard_negatives: int = 0
    hard_negative_links: list[tuple[str, str]] = field(default_factory=list)  # (doc id, commitment id)
    errors: list[str] = field(default_factory=list)  # "doc: missed 1.5-1" / "doc: extra 3-7"

    def lines(self) -> list[str]:
        """The report as printable lines."""
        out = [f"documents: {self.documents} ({self.hard_negatives} hard negatives)",
               f"section level:    precision {self.section.precision:.3f}  recall {self.section.recall:.3f}  "
               f"(tp {self.section.tp}, fp {self.section.fp}, fn {self.section.fn})",
               f"commitment level: precision {self.commitment.precision:.3f}  recall {self.commitment.recall:.3f}  "
               f"(tp {self.commitment.tp}, fp {self.commitment.fp}, fn {self.commitment.fn})"]
        for lang, c in sorted(self.by_lang.items()):
            out.append(f"  {lang}: section precision {c.precision:.3f}  recall {c.recall:.3f}")
        out.append(f"links on hard negatives: {len(self.hard_negative_links)}"
                   + "".join(f"\n  {d} -> {c}" for d, c in self.hard_negative_links))
        out.extend(f"  {e}" for e in self.errors)
        return out


def load_labelled(path: Path) -> list[dict]:
    """The labelled records of a JSON-lines file (blank lines skipped)."""
    records = []
    for no, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{no}: not valid JSON: {exc.msg}") from exc
    return records


def score_links(records: list[dict], predicted: dict[str, list[tuple[str, str]]]) -> LinkReport:
    """Compare ``predicted`` (doc id -> [(commitment id, section)] of suggested links) with the gold."""
    report = LinkReport()
    for rec in records:
        doc_id = str(rec["id"])
        gold_cids = set(rec.get("commitments") or ())
        gold_sections = {cid.split("-")[0] for cid in gold_cids}
        links = predicted.get(doc_id, [])
        cids, sections = {c for c, _ in links}, {s for _, s in links}
        report.documents += 1
        report.section.add(sections, gold_sections)
        report.commitment.add(cids, gold_cids)
        report.by_lang.setdefault(rec.get("lang") or "?", Counts()).add(sections, gold_sections)
        if rec.get("hard_negative") or not gold_cids:
            report.hard_negatives += 1
            report.hard_negative_links.extend((doc_id, c) for c in sorted(cids))
        report.errors.extend(f"{doc_id}: missed {c}" for c in sorted(gold_cids - cids))
        report.errors.extend(f"{doc_id}: extra {c}" for c in sorted(cids - gold_cids) if gold_cids)
    return report


def evaluate_linking(path: Path, *, threshold: float | None = None) -> LinkReport:
    """Run extraction and linking over the labelled file and score the suggested links."""
    from config.roadmap_data import load_bundle
    from config.settings import get_settings
    from extractors.extract import extract_mentions
    from extractors.linker import Linker
    from extractors.types import DocumentInput

    records = load_labelled(path)
    linker = Linker(load_bundle().commitment_infos(),
                    threshold=get_settings().link_threshold if threshold is None else threshold)
    predicted = {}
    for rec in records:
        doc = DocumentInput(id=str(rec["id"]), text=rec["text"], title=rec.get("title", ""), lang=rec.get("lang"))
        links = linker.link(doc, extract_mentions(doc.text, lang=doc.lang))
        predicted[doc.id] = [(link.commitment_id, link.section) for link in links if link.suggested]
    return score_links(records, predicted)
