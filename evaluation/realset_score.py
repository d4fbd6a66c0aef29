"""Run extraction and linking over a labelled real set and score them as analysts would read them.

- Mentions: a labelled mention is found when an extracted mention (any type) overlaps its span;
  recall per labelled type and language, and how often the extracted type agrees.
- Links, at section level: gold = the cases' ``expected[].section``; predicted = the sections of the
  suggested links. A chapter-level commitment (section ``1``, e.g. 1-p1) counts for a gold 1.x
  section of the same case when there is one (it is their parent) and is an extra section otherwise;
  section ``2`` (2-p1, the economic-security dialogue) is a section of its own, as the labels use it.
- Negatives: every suggested link on a ``negative`` case is listed.
- Actions: compared where a labelled mention carries ``action`` (none may: then not reported).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable

from evaluation.linking import Counts
from evaluation.realset import RealCase
from extractors.types import DocumentInput, Link, Mention

Matcher = Callable[[DocumentInput], tuple[list[Mention], list[Link]]]


def predicted_sections(links: list[Link], gold: set[str]) -> set[str]:
    """The sections the suggested ``links`` claim, a chapter folded into its gold sub-section."""
    out = set()
    for link in links:
        if not link.suggested:
            continue
        children = sorted(g for g in gold if g.startswith(link.section + "."))
        folded = "." not in link.section and children and link.section not in gold  # "2" is labelled on its own
        out.add(children[0] if folded else link.section)
    return out


@dataclass
class RealsetReport:
    cases: int = 0
    negatives: int = 0
    mention_total: Counter = field(default_factory=Counter)   # (lang, type)
    mention_found: Counter = field(default_factory=Counter)
    type_agree: int = 0
    action_pairs: int = 0
    action_agree: int = 0
    sections: Counts = field(default_factory=Counts)
    by_lang: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    negative_links: list[dict] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)

    def mention_rows(self) -> list[dict]:
        rows = []
        for key in sorted(self.mention_total):
            total, found = self.mention_total[key], self.mention_found[key]
            rows.append({"lang": key[0], "type": key[1], "labelled": total, "found": found,
                         "recall": round(found / total, 3)})
        for t in sorted({t for _, t in self.mention_total}):
            total = sum(n for (_, tt), n in self.mention_total.items() if tt == t)
            found = sum(n for (_, tt), n in self.mention_found.items() if tt == t)
            rows.append({"lang": "all", "type": t, "labelled": total, "found": found, "recall": round(found / total, 3)})
        return rows

    def as_dict(self) -> dict:
        """The report as plain data (``--format json``)."""
        found = sum(self.mention_found.values())
        return {
            "cases": self.cases, "negatives": self.negatives,
            "mentions": self.mention_rows(),
            "mention_type_agreement": round(self.type_agree / found, 3) if found else None,
            "action_agreement": (round(self.action_agree / self.action_pairs, 3) if self.action_pairs else None),
            "action_pairs": self.action_pairs,
            "sections": _counts(self.sections),
            "sections_by_lang": {lang: _counts(c) for lang, c in sorted(self.by_lang.items())},
            "negatives_linked": len({n["case"] for n in self.negative_links}),
            "negative_links": self.negative_links,
            "worst_misses": sorted(self.misses, key=lambda m: (-len(m["missed"]) - len(m["extra"]), m["case"])),
        }


def _counts(c: Counts) -> dict:
    return {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": round(c.precision, 3), "recall": round(c.recall, 3)}


def score_realset(cases: list[RealCase], match: Matcher) -> RealsetReport:
    """Run ``match`` (document -> mentions, all candidate links) on every case and score it."""
    report = RealsetReport()
    for case in cases:
        doc = DocumentInput(id=case.id, text=case.text, title=case.title, lang=case.lang, published=case.published)
        mentions, links = match(doc)
        report.cases += 1
        report.negatives += case.negative
        _score_mentions(case, mentions, report)
        gold = case.sections
        predicted = predicted_sections(links, gold)
        report.sections.add(predicted, gold)
        report.by_lang[case.lang].add(predicted, gold)
        suggested = [lk for lk in links if lk.suggested]
        if case.negative:
            report.negative_links.extend({"case": case.id, "commitment": lk.commitment_id, "score": lk.score,
                                          "rationale": lk.rationale} for lk in suggested)
        missed, extra = gold - predicted, predicted - gold
        if missed or extra:
            report.misses.append(_miss(case, mentions, links, missed, extra))
    return report


def _score_mentions(case: RealCase, mentions: list[Mention], report: RealsetReport) -> None:
    for exp in case.expected:
        for g in exp.mentions:
            key = (case.lang, g.type)
            report.mention_total[key] += 1
            hit = next((m for m in mentions if m.start < g.end and g.start < m.end), None)
            if hit is None:
                continue
            report.mention_found[key] += 1
            report.type_agree += hit.type == g.type
            if g.action is not None:
                report.action_pairs += 1
                report.action_agree += hit.action == g.action


def _miss(case: RealCase, mentions: list[Mention], links: list[Link], missed: set, extra: set) -> dict:
    out = {"case": case.id, "lang": case.lang, "missed": [], "extra": []}
    for exp in case.expected:
        if exp.section not in missed:
            continue
        found = [m for m in mentions if any(m.start < g.end and g.start < m.end for g in exp.mentions)]
        near = [lk for lk in links if not lk.suggested and (lk.section == exp.section)]
        if near:
            why = f"candidate {near[0].commitment_id} under the threshold ({near[0].score}): {near[0].rationale}"
        elif found:
            why = "mention found (" + ", ".join(f"{m.type} {m.text!r} action={m.action}" for m in found) \
                  + ") but no candidate in this section"
        else:
            why = "labelled mentions not extracted, no candidate in this section"
        out["missed"].append({"section": exp.section, "hint": exp.hint,
                              "mentions": [g.text for g in exp.mentions], "why": why})
    for lk in links:
        if lk.suggested and lk.section in extra:
            out["extra"].append({"section": lk.section, "commitment": lk.commitment_id, "score": lk.score,
                                 "rationale": lk.rationale})
    return out


def pipeline_matcher(*, threshold: float | None = None) -> Matcher:
    """What ``roadmap match`` does to a document (extraction, then every candidate link)."""
    from config.roadmap_data import load_bundle
    from config.settings import get_settings
    from extractors.extract import extract_mentions
    from extractors.linker import Linker

    linker = Linker(load_bundle().commitment_infos(),
                    threshold=get_settings().link_threshold if threshold is None else threshold)

    def match(doc: DocumentInput) -> tuple[list[Mention], list[Link]]:
        mentions = extract_mentions(doc.text, lang=doc.lang)
        return mentions, linker.link(doc, mentions)
    return match
