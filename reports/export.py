"""Reports of commitments with their status and accepted evidence: csv, json, md, html.

The Markdown and HTML reports are meant to be sent as they are; release text in them is escaped.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from sqlmodel import Session, func, select

from models.review import BEFORE_ROADMAP, REJECT_REASONS, before_roadmap, events_by_id, history as review_history
from models.status_overrides import current_overrides
from models.tables import Document, Evidence, Section, Source, utcnow
from models.text_controls import without_invisible_controls
from reports import queries, report_text
from reports.status_display import shown_rule, shown_score

FORMATS = ("csv", "json", "md", "html")


class ExportError(ValueError):
    """The report cannot be built as asked (no roadmap loaded, unknown format or section)."""


@dataclass
class CommitmentReport:
    id: str
    chapter: str
    section: str
    text_ja: str
    text_en: str
    status: str
    score: int | None
    status_rule: str
    latest_evidence: str | None
    evidence: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)  # the evidence grouped by event (see group_by_event)
    awaiting_review: int = 0  # suggestions for it that no analyst has decided yet
    analyst_status: str | None = None  # an analyst's status, beside the rule's (models.status_overrides)
    analyst_reason: str | None = None
    analyst: str | None = None


@dataclass
class Report:
    roadmap: str
    roadmap_en: str
    generated: str
    section: str | None
    sections: dict[str, str]
    commitments: list[CommitmentReport]

    def totals(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.commitments:
            out[c.status] = out.get(c.status, 0) + 1
        return out

    def awaiting_review(self) -> dict[str, int]:
        """Undecided suggestions and the commitments they are for (they count only once accepted)."""
        return {"suggestions": sum(c.awaiting_review for c in self.commitments),
                "commitments": sum(1 for c in self.commitments if c.awaiting_review)}


def build_report(*, session: Session, section: str | None = None, with_history: bool = False,
                 roadmap_slug: str | None = None) -> Report:
    """Collect the report's data. Raises ExportError when no roadmap is loaded or the section is empty."""
    roadmap = queries.current_roadmap(session=session, slug=roadmap_slug)
    if roadmap is None:
        raise ExportError("no roadmap in the database; run `roadmap init` first")
    rows = queries.commitments(session=session, roadmap=roadmap, section=section)
    if not rows:
        raise ExportError(f"no commitments in section {section!r}")
    titles = {s.number: s.title_en or s.title_ja
              for s in session.exec(select(Section).where(Section.roadmap_id == roadmap.id)).all()}
    accepted: dict[int, list[dict]] = {}
    stmt = (select(Evidence, Document, Source).join(Document, Document.id == Evidence.document_id)
            .join(Source, Source.id == Document.source_id)
            .where(Evidence.status == "accepted", Evidence.commitment_id.in_([c.id for c in rows]))
            .order_by(Document.published.nulls_last(), Evidence.id))
    found = session.exec(stmt).all()
    events = events_by_id(session=session, event_ids=[ev.event_id for ev, _d, _s in found])
    for ev, doc, src in found:
        event = events.get(ev.event_id)
        accepted.setdefault(ev.commitment_id, []).append({
            "evidence_id": ev.id, "date": doc.published.isoformat() if doc.published else None,
            "title": without_invisible_controls(doc.title), "url": doc.canonical_url, "source": src.name, "lang": doc.lang,
            "decided_by": ev.decided_by, "rationale": ev.rationale, "note": ev.note, "event_id": ev.event_id,
            "event": event.label if event else None, "confirmed_by_both": bool(event and event.confirmed_by_both),
            "before_roadmap": before_roadmap(doc.published, roadmap.released, event)})
    pending = dict(session.exec(select(Evidence.commitment_id, func.count()).where(
        Evidence.status == "suggested", Evidence.commitment_id.in_([c.id for c in rows])).group_by(Evidence.commitment_id)).all())
    overrides = current_overrides(session=session, commitment_ids=[c.id for c in rows])
    out = []
    for c in rows:
        evidence = accepted.get(c.id, [])
        item = CommitmentReport(c.cid, c.chapter, c.section, c.text_ja, c.text_en, c.status, shown_score(c),
                                shown_rule(c), c.latest_evidence.isoformat() if c.latest_evidence else None,
                                evidence, events=group_by_event(evidence), awaiting_review=pending.get(c.id, 0))
        if c.id in overrides:
            o = overrides[c.id]
            item.analyst_status, item.analyst_reason, item.analyst = o.status, o.reason, o.user
        if with_history:
            trail = review_history(session=session, commitment_cid=c.cid, limit=1000)
            docs = queries.audit_context(session=session, actions=trail)["documents"]
            item.history = [{"at": a.at.isoformat(timespec="seconds"), "user": a.user, "action": a.action,
                             "from": a.from_status, "to": a.to_status, "from_commitment": a.from_commitment,
                             "to_commitment": a.to_commitment, "evidence_id": a.evidence_id,
                             "document": without_invisible_controls(docs[a.evidence_id].title)
                             if a.evidence_id in docs else None,
                             "url": docs[a.evidence_id].canonical_url if a.evidence_id in docs else None,
                             "reason": None if a.undoes_id else REJECT_REASONS.get(a.reason or "", a.reason)}
                            for a in trail]
        out.append(item)
    return Report(roadmap.title_ja, roadmap.title_en, utcnow().strftime("%Y-%m-%d %H:%M"), section, titles, out)


def group_by_event(evidence: list[dict]) -> list[dict]:
    """Accepted evidence as events: one group per event (its reports listed under it), one per
    document without an event; in the order of each group's first report."""
    groups: dict = {}
    for e in evidence:
        key = ("event", e["event_id"]) if e["event_id"] is not None else ("evidence", e["evidence_id"])
        group = groups.setdefault(key, {"event_id": e["event_id"], "label": e["event"], "reports": 0,
                                        "confirmed_by_both": e["confirmed_by_both"], "documents": []})
        group["reports"] += 1
        group["documents"].append(e)
    return list(groups.values())


def render_report(report: Report, fmt: str) -> str:
    """The report as text in ``fmt`` (csv, json, md or html). Raises ExportError for another format."""
    if fmt == "json":
        return json.dumps({"roadmap": report.roadmap, "generated": report.generated, "section": report.section,
                           "totals": report.totals(), "awaiting_review": report.awaiting_review(), "commitments": [asdict(c) for c in report.commitments]},
                          ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return report_text.csv_report(report)
    if fmt == "md":
        return report_text.markdown_report(report)
    if fmt == "html":
        from review.web import templates

        return templates.get_template("report.html").render(report=report, totals=report.totals(), awaiting=report.awaiting_review(),
                                                            heading=report_text.event_heading,
                                                            before=BEFORE_ROADMAP)
    raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
