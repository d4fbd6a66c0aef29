"""``roadmap init`` and ``roadmap commitments``."""
from __future__ import annotations

import csv
import enum
import io
import json
import sys
from pathlib import Path

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from sqlmodel import func, select

from cli.errors import user_error
from config.roadmap_data import load_bundle, read_utf8
from config.settings import get_settings
from models import db
from models.roadmaps import current_commitments, load_roadmap
from models.tables import Evidence

console = Console()


@user_error
class NoSuchSection(LookupError):
    """``--section`` names no section or chapter of the loaded roadmap."""


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"


class InitFormat(str, enum.Enum):
    table = "table"
    json = "json"


def init(
    roadmap_dir: Path = typer.Option(None, help="Roadmap folder (default: the shipped Japan–Canada roadmap)."),
    text: Path = typer.Option(None, help="Load this text instead of the folder's (an edited copy)."),
    format: InitFormat = typer.Option(InitFormat.table, "--format", help="table (lines) or json."),
) -> None:
    """Create or migrate the database and load the roadmap; prints what it did."""
    settings = get_settings()
    engine = db.get_engine()
    revision = db.migrate(engine)
    bundle = load_bundle(roadmap_dir, text=read_utf8(text) if text else None)
    with db.session_scope(engine) as session:
        report = load_roadmap(session=session, bundle=bundle)
    if format is InitFormat.json:
        sys.stdout.write(json.dumps({"database": db.describe(settings.effective_database_url), "schema_revision": revision,
                                     "roadmap": report.slug, "version": report.version, "unchanged": report.unchanged,
                                     "commitments": report.commitments, "added": report.added,
                                     "changed": report.changed, "removed": report.removed}, ensure_ascii=False) + "\n")
        return
    console.print(f"database {db.describe(settings.effective_database_url)} at schema revision {revision}")
    if report.unchanged:
        console.print(f"roadmap {report.slug} version {report.version}: unchanged ({report.commitments} commitments)")
        return
    console.print(f"roadmap {report.slug} version {report.version}: {report.commitments} commitments "
                  f"({len(report.added)} added, {len(report.changed)} changed, {len(report.removed)} removed)")
    for label, ids in (("added", report.added), ("changed", report.changed), ("removed", report.removed)):
        if ids and (report.version > 1 or label != "added"):
            console.print(f"  {label}: {', '.join(ids)}")


def commitments(
    section: str = typer.Option(None, help="Only this section or chapter, e.g. 1.1 or 3."),
    format: Format = typer.Option(Format.table, "--format", help="table, json or csv."),
) -> None:
    """List the roadmap's commitments with their status."""
    bundle_slug = load_bundle().slug
    engine = db.get_engine()
    db.check_connection(engine)
    with db.session_scope(engine) as session:
        rows = current_commitments(session=session, slug=bundle_slug, section=section)
        counts = dict(session.exec(select(Evidence.commitment_id, func.count()).where(Evidence.status == "accepted")
                                   .group_by(Evidence.commitment_id)).all())
        pending = dict(session.exec(select(Evidence.commitment_id, func.count()).where(Evidence.status == "suggested")
                                    .group_by(Evidence.commitment_id)).all())
    if not rows:
        _explain_no_rows(bundle_slug, section)
    items = [{
        "id": c.cid, "chapter": c.chapter, "section": c.section, "kind": c.kind, "parent_id": c.parent_cid,
        "text_ja": c.text_ja, "text_en": c.text_en, "status": c.status, "score": c.score,
        "latest_evidence": c.latest_evidence.isoformat() if c.latest_evidence else None,
        "accepted_evidence": counts.get(c.id, 0), "suggested_evidence": pending.get(c.id, 0),
    } for c in rows]
    if format is Format.json:
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=1) + "\n")
    elif format is Format.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(items[0]))
        writer.writeheader()
        writer.writerows(items)
        sys.stdout.write(buf.getvalue())
    else:
        console.print(commitments_table(items, width=console.width))
        waiting = sum(it["suggested_evidence"] for it in items)
        if waiting:
            console.print(f"{waiting} suggestions await review: `roadmap review list`", highlight=False)


def _explain_no_rows(slug: str, section: str | None) -> None:
    """Raises the user error that says why ``commitments`` found nothing."""
    if section:
        with db.session_scope(db.get_engine()) as session:
            everything = current_commitments(session=session, slug=slug)
        if everything:
            known = sorted({c.section for c in everything} | {c.chapter for c in everything},
                           key=lambda n: [int(p) for p in n.split(".") if p.isdigit()])
            raise NoSuchSection(f"the roadmap has no section or chapter {section!r}; it has {', '.join(known)}")
    raise NoSuchSection("no commitments in the database: run `roadmap init` first")


def commitments_table(items: list[dict], *, width: int) -> Table:
    """One line per commitment, fitted to ``width`` (80 columns and up): the text is cut with an ellipsis."""
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False, width=width)
    for name, justify in (("id", "left"), ("status", "left"), ("score", "right"), ("latest", "left"),
                          ("acc.", "right"), ("queue", "right")):
        table.add_column(name, justify=justify, no_wrap=True)
    table.add_column("text (unofficial English)", no_wrap=True, overflow="ellipsis", ratio=1)
    for it in items:
        status = "awaiting review" if it["status"] == "no evidence" and it["suggested_evidence"] else it["status"]
        table.add_row(it["id"], status, "" if it["score"] is None else f"{it['score']:+d}",
                      it["latest_evidence"] or "", str(it["accepted_evidence"]), str(it["suggested_evidence"]),
                      it["text_en"] or it["text_ja"])
    return table


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(commitments)
