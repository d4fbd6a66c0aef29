"""One document: its text with every mention highlighted, its links, and forms to re-link or add one."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from models import review
from models.tables import Document, Source
from reports import queries
from review.auth import CurrentUser, csrf_protect, require
from review.highlight import pieces
from review.db_session import db_session
from review.web import RowId, flash, render

router = APIRouter(dependencies=[Depends(csrf_protect)])


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: RowId, user: CurrentUser = Depends(require("reader")),
                  session: Session = Depends(db_session)):
    doc = session.get(Document, document_id)
    if doc is None:
        raise HTTPException(404, f"no document #{document_id}")
    mentions = queries.document_mentions(session=session, document=doc)
    links = queries.document_links(session=session, document=doc)
    spans = [(m.start, m.end, f"{m.type}: {m.canonical_id or 'new name'}" + (f" ({m.action})" if m.action else ""))
             for m in mentions]
    known = {(s, e) for s, e, _ in spans}
    spans += [(int(a), int(b), f"evidence for {c.cid}") for ev, c in links for a, b in ev.mention_spans
              if (int(a), int(b)) not in known]
    roadmap = queries.current_roadmap(session=session)
    events = review.events_by_id(session=session, event_ids=[ev.event_id for ev, _c in links])
    return render(request, "document.html", doc=doc, source=session.get(Source, doc.source_id), events=events,
                  confirmed=review.CONFIRMED_BY_BOTH, before=review.BEFORE_ROADMAP,
                  history=bool(roadmap) and review.before_roadmap(doc.published, roadmap.released),
                  body=pieces(doc.body, spans), mentions=mentions, links=links, reasons=review.REJECT_REASONS,
                  here=f"/documents/{doc.id}")


@router.post("/documents/{document_id}/links")
def add_link(request: Request, document_id: RowId, cid: str = Form(""), reason: str = Form(""),
             user: CurrentUser = Depends(require("analyst")), session: Session = Depends(db_session)):
    try:
        row = review.add_link(session=session, document_id=document_id, cid=cid, user=user.username,
                              reason=reason or None)
        session.commit()
        flash(request, f"Linked this document to {row.to_commitment}.")
    except review.ReviewError as exc:
        session.rollback()
        flash(request, str(exc), "error")
    return RedirectResponse(f"/documents/{document_id}", status_code=303)
