"""Reports of commitments with their status and accepted evidence: csv, json, md, html.

The Markdown and HTML reports are meant to be sent as they are; release text in them is escaped.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass, field

from sqlmodel import Session, select

from models.review import (BEFORE_ROADMAP, CONFIRMED_BY_BOTH, REJECT_REASONS, before_roadmap, events_by_id,
                           history as review_history)
from models.tables import Document, Evidence, Section, Source, utcnow
from review import queries
from review.status_display import shown_rule, shown_score
from review.web import safe_url

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
            "title": doc.title, "url": doc.canonical_url, "source": src.name, "lang": doc.lang,
            "decided_by": ev.decided_by, "rationale": ev.rationale, "note": ev.note, "event_id": ev.event_id,
            "event": event.label if event else None, "confirmed_by_both": bool(event and event.confirmed_by_both),
            "before_roadmap": before_roadmap(doc.published, roadmap.released)})
    out = []
    for c in rows:
        evidence = accepted.get(c.id, [])
        item = CommitmentReport(c.cid, c.chapter, c.section, c.text_ja, c.text_en, c.status, shown_score(c),
                                shown_rule(c), c.latest_evidence.isoformat() if c.latest_evidence else None,
                                evidence, events=group_by_event(evidence))
        if with_history:
            item.history = [{"at": a.at.isoformat(timespec="seconds"), "user": a.user, "action": a.action,
                             "from": a.from_status, "to": a.to_status, "from_commitment": a.from_commitment,
                             "to_commitment": a.to_commitment, "evidence_id": a.evidence_id,
                             "reason": REJECT_REASONS.get(a.reason or "", a.reason)}
                            for a in review_history(session=session, commitment_cid=c.cid, limit=1000)]
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


def event_heading(group: dict) -> str:
    """"KAEDEx conducted, 2026-04-01 — 2 reports, confirmed by both governments"."""
    n = group["reports"]
    return (f"{group['label']} — {n} report{'s' if n != 1 else ''}"
            + (f", {CONFIRMED_BY_BOTH}" if group["confirmed_by_both"] else ""))


def render_report(report: Report, fmt: str) -> str:
    """The report as text in ``fmt`` (csv, json, md or html). Raises ExportError for another format."""
    if fmt == "json":
        return json.dumps({"roadmap": report.roadmap, "generated": report.generated, "section": report.section,
                           "totals": report.totals(), "commitments": [asdict(c) for c in report.commitments]},
                          ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return _csv(report)
    if fmt == "md":
        return _markdown(report)
    if fmt == "html":
        from review.web import templates

        return templates.get_template("report.html").render(report=report, totals=report.totals(),
                                                            heading=event_heading, before=BEFORE_ROADMAP)
    raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _csv(report: Report) -> str:
    buf = io.StringIO()
    fields = ["id", "chapter", "section", "status", "score", "status_rule", "latest_evidence", "text_ja", "text_en",
              "accepted_evidence", "evidence"] + (["history"] if any(c.history for c in report.commitments) else [])
    writer = csv.DictWriter(buf, fieldnames=fields)
    writer.writeheader()
    for c in report.commitments:
        row = {k: getattr(c, k) for k in fields[:9]}
        row["accepted_evidence"] = len(c.evidence)
        row["evidence"] = " | ".join(
            f"{e['date'] or ''} {e['title']} <{e['url']}>" + (f" [{e['event']}]" if e["event"] else "")
            + (f" [{CONFIRMED_BY_BOTH}]" if e["confirmed_by_both"] else "")
            + (f" [{BEFORE_ROADMAP}]" if e["before_roadmap"] else "") for e in c.evidence)
        if "history" in fields:
            row["history"] = " | ".join(f"{h['at']} {h['user']} {h['action']} {h['from']}→{h['to']}"
                                        + (f" ({h['reason']})" if h["reason"] else "") for h in c.history)
        writer.writerow({k: _csv_safe(v) for k, v in row.items()})
    return buf.getvalue()


def _csv_safe(value):
    """Spreadsheets run cells starting with = + - @ as formulas; release titles must not."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()|~&])")


def md(text: str | None) -> str:
    """Text safe inside Markdown: no markup, no raw HTML."""
    out = _MD_SPECIAL.sub(r"\\\1", " ".join((text or "").split()))
    return "\\" + out if out[:1] in ("#", "-", "+", "!", "=") else out


def _md_document(e: dict) -> str:
    url = safe_url(e["url"]).replace(">", "%3E").replace("<", "%3C").replace(" ", "%20")
    title = f"[{md(e['title'])}](<{url}>)" if url else md(e["title"])
    return (f"- {md(e['date'] or 'undated')}: {title} ({md(e['source'])}, accepted by "
            f"{md(e['decided_by'] or 'the linker')})" + (f" *{md(BEFORE_ROADMAP)}*" if e["before_roadmap"] else ""))


def _markdown(report: Report) -> str:
    lines = [f"# {md(report.roadmap)}", ""]
    if report.roadmap_en:
        lines += [f"*{md(report.roadmap_en)}*", ""]
    totals = report.totals()
    lines += [f"Generated {report.generated} UTC" + (f", section {md(report.section)}" if report.section else "")
              + ". " + ", ".join(f"{n} {s}" for s, n in sorted(totals.items())) + ".", ""]
    current = None
    for c in report.commitments:
        if c.section != current:
            current = c.section
            lines += [f"## {md(c.section)} {md(report.sections.get(c.section, ''))}", ""]
        score = "" if c.score is None else f" (score {c.score:+d})"
        lines += [f"### {md(c.id)}: {md(c.status)}{score}", "", md(c.text_ja), ""]
        if c.text_en:
            lines += [f"*{md(c.text_en)}*", ""]
        if c.status_rule:
            lines += [f"Rule: {md(c.status_rule)}", ""]
        for group in c.events:
            indent = ""
            if group["event_id"] is not None:
                lines.append(f"- **{md(event_heading(group))}**")
                indent = "  "
            lines += [indent + _md_document(e) for e in group["documents"]]
        if c.evidence:
            lines.append("")
        if c.history:
            lines += ["History:", ""] + [f"- {md(h['at'])} {md(h['user'])}: {md(h['action'])} "
                                        f"{md(h['from'] or '')} → {md(h['to'] or '')}"
                                        + (f" ({md(h['reason'])})" if h["reason"] else "") for h in c.history] + [""]
    return "\n".join(lines)
