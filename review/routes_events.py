"""One event's page: its reports, and analysts' corrections (date, action, split, merge)."""
from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session, select

from models import event_edits
from models.review import CONFIRMED_BY_BOTH, summarize
from models.tables import Commitment, Document, Event, Evidence, Source
from review.auth import CurrentUser, csrf_protect, require
from review.db_session import db_session
from review.web import RowId, flash, render

router = APIRouter(dependencies=[Depends(csrf_protect)])


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: RowId, user: CurrentUser = Depends(require("reader")),
               session: Session = Depends(db_session)):
    event = session.get(Event, event_id)
    if event is None:
        raise HTTPException(404, f"no event #{event_id}")
    reports = session.exec(select(Evidence, Document, Source, Commitment)
                           .join(Document, Document.id == Evidence.document_id)
                           .join(Source, Source.id == Document.source_id)
                           .join(Commitment, Commitment.id == Evidence.commitment_id)
                           .where(Evidence.event_id == event_id).order_by(Document.published, Evidence.id)).all()
    related = [(e, summarize(e)) for e in event_edits.related_events(session=session, event=event)]
    return render(request, "event.html", event=event, summary=summarize(event), reports=reports, related=related,
                  actions=event_edits.ACTIONS, confirmed=CONFIRMED_BY_BOTH)


def _done(request: Request, session: Session, fn, target: str, message: str, **kwargs) -> RedirectResponse:
    try:
        out = fn(session=session, **kwargs)
        session.commit()
        flash(request, message.format(out=out))
        return RedirectResponse(target.format(out=out), status_code=303)
    except event_edits.EventEditError as exc:
        session.rollback()
        flash(request, str(exc), "error")
        return RedirectResponse(f"/events/{kwargs['event_id']}", status_code=303)


@router.post("/events/{event_id}/edit")
def edit(request: Request, event_id: RowId, date: str = Form(""), action: str = Form(""),
         user: CurrentUser = Depends(require("analyst")), session: Session = Depends(db_session)):
    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        flash(request, f"“{date}” is not a date: use the date picker or YYYY-MM-DD", "error")
        return RedirectResponse(f"/events/{event_id}", status_code=303)
    return _done(request, session, event_edits.edit_event, f"/events/{event_id}", "Event corrected: {out.action}, "
                 "{out.date}.", event_id=event_id, user=user.username, date=day, action=action)


@router.post("/events/{event_id}/split")
def split(request: Request, event_id: RowId, evidence: list[int] = Form(default=[]),
          user: CurrentUser = Depends(require("analyst")), session: Session = Depends(db_session)):
    return _done(request, session, event_edits.split_event, "/events/{out.id}",
                 "Split into a new event #{out.id}: correct its date or action here.", event_id=event_id,
                 evidence_ids=evidence, user=user.username)


@router.post("/events/{event_id}/merge")
def merge(request: Request, event_id: RowId, into: int = Form(0), user: CurrentUser = Depends(require("analyst")),
          session: Session = Depends(db_session)):
    return _done(request, session, event_edits.merge_events, "/events/{out.id}",
                 "Merged: the reports now belong to this event.", event_id=event_id, into_id=into, user=user.username)
