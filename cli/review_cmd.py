"""``roadmap review …``: the review queue and the decisions on it. Its ``register`` also adds the
commands that go with reviewing: ``roadmap users add`` (cli.users_cmd), ``roadmap export``
(cli.export_cmd) and ``roadmap ui`` (cli.ui_cmd)."""
from __future__ import annotations

import datetime as dt

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cli import export_cmd, ui_cmd, users_cmd
from cli.db_session import checked_session
from cli.errors import user_error
from cli.output_format import Format, write_json
from models import review
from models.users import require_reviewer
from review.highlight import evidence_sentences

user_error(review.ReviewError)  # require_reviewer's UserError is registered by cli.users_cmd

console = Console()
review_app = typer.Typer(help="Review the linker's suggestions; every decision is recorded with who made it.",
                         no_args_is_help=True)

FORMAT = typer.Option(Format.table, "--format", help="table or json.")
USER = typer.Option(None, "--user", envvar="ROADMAP_USER", help="Who decides (an analyst or admin account).")


@review_app.command("list")
def list_queue(section: str = typer.Option(None, help="A section (1.1) or chapter (1)."),
               source: str = typer.Option(None, help="A source's name."),
               lang: str = typer.Option(None, help="ja, en or fr."),
               since: dt.datetime = typer.Option(None, formats=["%Y-%m-%d"], help="Published on or after."),
               until: dt.datetime = typer.Option(None, formats=["%Y-%m-%d"], help="Published on or before."),
               limit: int = typer.Option(20, min=1), format: Format = FORMAT,
               json_out: bool = typer.Option(False, "--json", hidden=True, help="Same as --format json.")) -> None:
    """The review queue, the decisions that matter most first."""
    filters = review.QueueFilter(section=section, source=source, lang=lang, since=since.date() if since else None,
                                 until=until.date() if until else None)
    with checked_session() as session:
        rows = review.review_queue(session=session, filters=filters, limit=limit)
        total = review.queue_size(session=session, filters=filters)
        items = [{"evidence_id": ev.id, "score": round(ev.score, 3), "commitment": c.cid, "source": s.name,
                  "published": d.published.isoformat() if d.published else None, "lang": d.lang, "title": d.title,
                  "url": d.canonical_url} for ev, c, d, s in rows]
    if json_out or format is Format.json:
        write_json({"total": total, "items": items})
        return
    table = Table(title=f"{total} suggestions await review" + (f" (first {len(items)})" if total > len(items) else ""))
    for col in ("id", "score", "commitment", "published", "source", "title"):
        table.add_column(col)
    for it in items:
        table.add_row(str(it["evidence_id"]), f"{it['score']:.2f}", it["commitment"], it["published"] or "",
                      it["source"], it["title"][:70])
    console.print(table)


@review_app.command("show")
def show(evidence_id: int, format: Format = FORMAT) -> None:
    """One suggestion: the commitment, the document, the evidence sentences, its event and its history."""
    item = _evidence_details(evidence_id)
    if format is Format.json:
        write_json(item)
        return

    def say(text: str) -> None:  # release text is data: never read as console markup
        console.print(text, highlight=False, markup=False)

    ev, c, d = item["evidence"], item["commitment"], item["document"]
    console.print(Text(f"evidence #{ev['id']}", style="bold"),
                  Text(f"{ev['status']} · score {ev['score']:.2f} · origin {ev['origin']}"), highlight=False)
    score = c["score"]
    console.print(Text(c["id"], style="bold"),
                  Text(f"({c['status']}{'' if score is None else f' {score:+d}'}) {c['text_ja']}"), highlight=False)
    if c["text_en"]:
        say(f"  {c['text_en']}")
    say(f"document #{d['id']}: {d['title']}\n  {d['source']} · {d['published'] or 'undated'} · {d['lang']} · {d['url']}")
    if d["before_roadmap"]:
        say(f"  {review.BEFORE_ROADMAP}: published on or before {d['roadmap_released']}")
    for sentence in item["sentences"]:
        say("  > " + "".join(f"[{p['text']}]" if p["marked"] else p["text"] for p in sentence))
    say(f"rationale: {ev['rationale']}")
    if event := item["event"]:
        copies = item["same_event"]
        say(f"event: {event['label']} — {len(copies) + 1} report{'s' if copies else ''}"
            + (f", {review.CONFIRMED_BY_BOTH}" if event["confirmed_by_both"] else ""))
    for copy in item["same_event"]:
        say(f"same event: #{copy['document_id']} {copy['title']} ({copy['source']})")
    for a in item["history"]:
        say(f"  {a['at'][:16].replace('T', ' ')} {a['user']} {a['action']} {a['from']} → {a['to']}"
            + (f" ({a['reason']})" if a["reason"] else ""))


def _evidence_details(evidence_id: int) -> dict:
    """What ``review show`` prints, as plain data."""
    from models.tables import Commitment, Document, Roadmap, Source
    from reports.status_display import shown_score

    with checked_session() as session:
        ev = review.get_evidence(session=session, evidence_id=evidence_id)
        c, d = session.get(Commitment, ev.commitment_id), session.get(Document, ev.document_id)
        src, roadmap = session.get(Source, d.source_id), session.get(Roadmap, c.roadmap_id)
        released = roadmap.released if roadmap else None
        event = review.events_by_id(session=session, event_ids=[ev.event_id]).get(ev.event_id)
        return {
            "evidence": {"id": ev.id, "status": ev.status, "score": round(ev.score, 3), "origin": ev.origin,
                         "rationale": ev.rationale},
            "commitment": {"id": c.cid, "status": c.status, "score": shown_score(c), "text_ja": c.text_ja,
                           "text_en": c.text_en},
            "document": {"id": d.id, "title": d.title, "source": src.name, "lang": d.lang, "url": d.canonical_url,
                         "published": d.published.isoformat() if d.published else None,
                         "before_roadmap": bool(review.before_roadmap(d.published, released)),
                         "roadmap_released": released.isoformat() if released else None},
            "sentences": [[{"text": p.text, "marked": p.marked} for p in pieces]
                          for pieces in evidence_sentences(d.body, ev.mention_spans)],
            "event": {"id": event.id, "label": event.label, "confirmed_by_both": bool(event.confirmed_by_both)}
            if event else None,
            "same_event": [{"document_id": copy.id, "title": copy.title, "source": copy_src.name}
                           for copy, copy_src in review.event_documents(session=session, evidence=ev)],
            "history": [{"at": a.at.isoformat(timespec="seconds"), "user": a.user, "action": a.action,
                         "from": a.from_status, "to": a.to_status, "reason": a.reason}
                        for a in review.history(session=session, evidence_ids=[ev.id])],
        }


@review_app.command("accept")
def accept(evidence_id: int, user: str = USER) -> None:
    """Accept a suggestion (and the pending copies of its event)."""
    with checked_session() as session:
        who = require_reviewer(session=session, username=user).username
        actions = review.accept(session=session, evidence_id=evidence_id, user=who)
    console.print(f"accepted evidence #{evidence_id}" + (f" and {len(actions) - 1} copies of its event"
                                                        if len(actions) > 1 else ""))


@review_app.command("reject")
def reject(evidence_id: int, reason: str = typer.Option(..., help="One of: " + ", ".join(review.REJECT_REASONS)),
           user: str = USER) -> None:
    """Reject a suggestion, with a reason from the short list."""
    with checked_session() as session:
        who = require_reviewer(session=session, username=user).username
        review.reject(session=session, evidence_id=evidence_id, user=who, reason=reason)
    console.print(f"rejected evidence #{evidence_id}: {review.REJECT_REASONS[reason]}")


@review_app.command("relink")
def relink(evidence_id: int, commitment: str = typer.Argument(..., help="The commitment ID to move it to."),
           user: str = USER) -> None:
    """Move evidence to another commitment (accepted there)."""
    with checked_session() as session:
        who = require_reviewer(session=session, username=user).username
        row = review.relink(session=session, evidence_id=evidence_id, user=who, to_cid=commitment)
    console.print(f"moved evidence #{evidence_id} from {row.from_commitment} to {row.to_commitment}")


@review_app.command("undo")
def undo(user: str = USER, action: int = typer.Option(None, help="Undo this action id instead of your last one.")) -> None:
    """Undo your last decision (a new action that restores the state before it)."""
    with checked_session() as session:
        who = require_reviewer(session=session, username=user).username
        rows = review.undo(session=session, user=who, action_id=action)
    for r in rows:
        console.print(f"evidence #{r.evidence_id}: {r.reason} → {r.to_status}")


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
    users_cmd.register(app)
    export_cmd.register(app)
    ui_cmd.register(app)
