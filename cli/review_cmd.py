"""``roadmap review …``, ``roadmap export``, ``roadmap users add`` and ``roadmap ui``."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from cli.errors import user_error
from models import db, review
from models.users import ROLES, UserError, add_user, require_reviewer
from review.auth import InsecureSecretError
from review.export import FORMATS, ExportError, build_report, render_report
from review.highlight import evidence_sentences

for _cls in (review.ReviewError, UserError, ExportError, InsecureSecretError):
    user_error(_cls)

console = Console()
review_app = typer.Typer(help="Review the linker's suggestions; every decision is recorded with who made it.",
                         no_args_is_help=True)
users_app = typer.Typer(help="Accounts for the review UI.", no_args_is_help=True)

USER = typer.Option(None, "--user", envvar="ROADMAP_USER", help="Who decides (an analyst or admin account).")


def _session():
    engine = db.get_engine()
    db.check_connection(engine)
    return db.session_scope(engine)


@review_app.command("list")
def list_queue(section: str = typer.Option(None, help="A section (1.1) or chapter (1)."),
               source: str = typer.Option(None, help="A source's name."),
               lang: str = typer.Option(None, help="ja, en or fr."),
               since: dt.datetime = typer.Option(None, formats=["%Y-%m-%d"], help="Published on or after."),
               until: dt.datetime = typer.Option(None, formats=["%Y-%m-%d"], help="Published on or before."),
               limit: int = typer.Option(20, min=1), json_out: bool = typer.Option(False, "--json")) -> None:
    """The review queue, the decisions that matter most first."""
    filters = review.QueueFilter(section=section, source=source, lang=lang, since=since.date() if since else None,
                                 until=until.date() if until else None)
    with _session() as session:
        rows = review.review_queue(session=session, filters=filters, limit=limit)
        total = review.queue_size(session=session, filters=filters)
        items = [{"evidence_id": ev.id, "score": round(ev.score, 3), "commitment": c.cid, "source": s.name,
                  "published": d.published.isoformat() if d.published else None, "lang": d.lang, "title": d.title,
                  "url": d.canonical_url} for ev, c, d, s in rows]
    if json_out:
        sys.stdout.write(json.dumps({"total": total, "items": items}, ensure_ascii=False, indent=1) + "\n")
        return
    table = Table(title=f"{total} suggestions await review" + (f" (first {len(items)})" if total > len(items) else ""))
    for col in ("id", "score", "commitment", "published", "source", "title"):
        table.add_column(col)
    for it in items:
        table.add_row(str(it["evidence_id"]), f"{it['score']:.2f}", it["commitment"], it["published"] or "",
                      it["source"], it["title"][:70])
    console.print(table)


@review_app.command("show")
def show(evidence_id: int) -> None:
    """One suggestion: the commitment, the document, the evidence sentences and its history."""
    from models.tables import Commitment, Document, Source

    with _session() as session:
        ev = review._get(session, evidence_id)
        c, d = session.get(Commitment, ev.commitment_id), session.get(Document, ev.document_id)
        src = session.get(Source, d.source_id)
        console.print(f"[bold]evidence #{ev.id}[/bold] {ev.status} · score {ev.score:.2f} · origin {ev.origin}",
                      highlight=False)
        console.print(f"[bold]{c.cid}[/bold] ({c.status}) {c.text_ja}", highlight=False, markup=False)
        if c.text_en:
            console.print(f"  {c.text_en}", highlight=False, markup=False)
        console.print(f"document #{d.id}: {d.title}\n  {src.name} · {d.published or 'undated'} · {d.lang} · "
                      f"{d.canonical_url}", highlight=False, markup=False)
        for pieces in evidence_sentences(d.body, ev.mention_spans):
            console.print("  > " + "".join(f"[{p.text}]" if p.marked else p.text for p in pieces),
                          highlight=False, markup=False)
        console.print(f"rationale: {ev.rationale}", highlight=False, markup=False)
        for copy, copy_src in review.event_documents(session=session, evidence=ev):
            console.print(f"same event: #{copy.id} {copy.title} ({copy_src.name})", highlight=False, markup=False)
        for a in review.history(session=session, evidence_ids=[ev.id]):
            console.print(f"  {a.at:%Y-%m-%d %H:%M} {a.user} {a.action} {a.from_status} → {a.to_status}"
                          + (f" ({a.reason})" if a.reason else ""), highlight=False, markup=False)


@review_app.command("accept")
def accept(evidence_id: int, user: str = USER) -> None:
    """Accept a suggestion (and the pending copies of its event)."""
    with _session() as session:
        who = require_reviewer(session=session, username=user).username
        actions = review.accept(session=session, evidence_id=evidence_id, user=who)
    console.print(f"accepted evidence #{evidence_id}" + (f" and {len(actions) - 1} copies of its event"
                                                        if len(actions) > 1 else ""))


@review_app.command("reject")
def reject(evidence_id: int, reason: str = typer.Option(..., help="One of: " + ", ".join(review.REJECT_REASONS)),
           user: str = USER) -> None:
    """Reject a suggestion, with a reason from the short list."""
    with _session() as session:
        who = require_reviewer(session=session, username=user).username
        review.reject(session=session, evidence_id=evidence_id, user=who, reason=reason)
    console.print(f"rejected evidence #{evidence_id}: {review.REJECT_REASONS[reason]}")


@review_app.command("relink")
def relink(evidence_id: int, commitment: str = typer.Argument(..., help="The commitment ID to move it to."),
           user: str = USER) -> None:
    """Move evidence to another commitment (accepted there)."""
    with _session() as session:
        who = require_reviewer(session=session, username=user).username
        row = review.relink(session=session, evidence_id=evidence_id, user=who, to_cid=commitment)
    console.print(f"moved evidence #{evidence_id} from {row.from_commitment} to {row.to_commitment}")


@review_app.command("undo")
def undo(user: str = USER, action: int = typer.Option(None, help="Undo this action id instead of your last one.")) -> None:
    """Undo your last decision (a new action that restores the state before it)."""
    with _session() as session:
        who = require_reviewer(session=session, username=user).username
        rows = review.undo(session=session, user=who, action_id=action)
    for r in rows:
        console.print(f"evidence #{r.evidence_id}: {r.reason} → {r.to_status}")


def export(format: str = typer.Option("html", "--format", help="csv, json, md or html."),
           section: str = typer.Option(None, help="Only this section or chapter."),
           output: Path = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
           history: bool = typer.Option(False, "--history", help="Include each commitment's review history.")) -> None:
    """Commitments with their status and accepted evidence, as a report."""
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    with _session() as session:
        text = render_report(build_report(session=session, section=section, with_history=history), format)
    if output:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")
    else:
        sys.stdout.write(text)


@users_app.command("add")
def users_add(name: str, role: str = typer.Option("analyst", help=" | ".join(ROLES)),
              password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin.")) -> None:
    """Create an account; the password is asked for (or read from stdin), never given on the command line."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with _session() as session:
        add_user(session=session, username=name, password=password, role=role)
    console.print(f"created {role} {name}")


def ui(host: str = typer.Option("127.0.0.1", help="Address to listen on; beyond loopback ROADMAP_SECRET_KEY is required."),
       port: int = typer.Option(8000)) -> None:
    """Serve the review UI."""
    import uvicorn

    from review.app import create_app

    engine = db.get_engine()
    db.check_connection(engine)
    app = create_app(engine, host=host)
    console.print(f"Roadmap Monitor UI on http://{host}:{port}/ (sign in with an account from `roadmap users add`)")
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
    app.add_typer(users_app, name="users")
    app.command("export")(export)
    app.command("ui")(ui)
