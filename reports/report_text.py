"""The report as text: CSV for spreadsheets, Markdown for a director (reports.export builds the data)."""
from __future__ import annotations

import csv
import io
import re

from models.review import BEFORE_ROADMAP, CONFIRMED_BY_BOTH
from models.text_controls import without_invisible_controls
from reports.links import safe_url


def event_heading(group: dict) -> str:
    """"KAEDEx conducted, 2026-04-01 — 2 reports, confirmed by both governments"."""
    n = group["reports"]
    return (f"{group['label']} — {n} report{'s' if n != 1 else ''}"
            + (f", {CONFIRMED_BY_BOTH}" if group["confirmed_by_both"] else ""))


def history_line(h: dict) -> str:
    """"2026-04-02T09:00:00 ana accept suggested→accepted “Title” (evidence #3) 1.1-2a → 1.3-1 (reason)"."""
    moved = f" {h['from_commitment']} → {h['to_commitment']}" if h["from_commitment"] != h["to_commitment"] \
        else f" on {h['to_commitment']}"
    doc = f" “{h['document']}”" if h.get("document") else ""
    return (f"{h['at']} {h['user']} {h['action']} {h['from']}→{h['to']}{doc} (evidence #{h['evidence_id']}){moved}"
            + (f" ({h['reason']})" if h["reason"] else ""))


def csv_report(report) -> str:
    """The report as CSV: one row per commitment, its evidence (and history) joined in cells."""
    buf = io.StringIO()
    fields = ["id", "chapter", "section", "status", "score", "status_rule", "latest_evidence", "text_ja", "text_en",
              "analyst_status", "analyst_reason", "analyst", "accepted_evidence", "evidence"] + (["history"] if any(c.history for c in report.commitments) else [])
    writer = csv.DictWriter(buf, fieldnames=fields)
    writer.writeheader()
    for c in report.commitments:
        row = {k: getattr(c, k) for k in fields[:12]}
        row["accepted_evidence"] = len(c.evidence)
        row["evidence"] = " | ".join(
            " ".join(filter(None, (e["date"], e["title"]))) + f" <{e['url']}>" + (f" [{e['event']}]" if e["event"] else "")
            + (f" [{CONFIRMED_BY_BOTH}]" if e["confirmed_by_both"] else "")
            + (f" [{BEFORE_ROADMAP}]" if e["before_roadmap"] else "") for e in c.evidence)
        if "history" in fields:
            row["history"] = " | ".join(history_line(h) for h in c.history)
        writer.writerow({k: _csv_safe(v) for k, v in row.items()})
    return buf.getvalue()


def _csv_safe(value):
    """Spreadsheets run cells starting with = + - @ as formulas, also after spaces or invisible
    characters (which they skip); release titles must not."""
    if not isinstance(value, str):
        return value
    value = without_invisible_controls(value)
    if value[:1] in ("\t", "\r") or value.lstrip()[:1] in ("=", "+", "-", "@"):
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


def markdown_report(report) -> str:
    """The report as Markdown to send as it is: release text escaped, evidence grouped by event."""
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
        if c.analyst_status:
            lines += [f"Analyst's status: **{md(c.analyst_status)}**, set by {md(c.analyst)}: {md(c.analyst_reason)}", ""]
        for group in c.events:
            indent = ""
            if group["event_id"] is not None:
                lines.append(f"- **{md(event_heading(group))}**")
                indent = "  "
            lines += [indent + _md_document(e) for e in group["documents"]]
        if c.evidence:
            lines.append("")
        if c.history:
            lines += ["History:", ""] + [f"- {md(history_line(h))}" for h in c.history] + [""]
    return "\n".join(lines)
