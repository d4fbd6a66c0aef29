"""The review queue and the decisions posted from it (accept, reject, skip, relink, undo, note)."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from models import review
from review.auth import CurrentUser, csrf_protect, require
from review.highlight import evidence_sentences
from review.web import PageNumber, RowId, db_session, flash, render

router = APIRouter(dependencies=[Depends(csrf_protect)])
PAGE = 25
FILTER_KEYS = ("section", "source", "lang", "since", "until")


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filters(params) -> review.QueueFilter:
    return review.QueueFilter(section=params.get("section") or None, source=params.get("source") or None,
                              lang=params.get("lang") or None, since=_date(params.get("since")),
                              until=_date(params.get("until")))


def _back(back: str | None, pos: int | None = None) -> RedirectResponse:
    """Back to the page the form came from (same site only), keeping the keyboard position."""
    target = back if back and back.startswith("/") and not back.startswith("//") else "/review"
    if pos is not None and target.startswith("/review"):
        path, _, query = target.partition("?")
        params = [p for p in query.split("&") if p and not p.startswith("pos=")] + [f"pos={max(pos, 0)}"]
        target = path + "?" + "&".join(params)
    return RedirectResponse(target, status_code=303)


@router.get("/review")
def queue(request: Request, page: PageNumber = 1, pos: PageNumber = 0, user: CurrentUser = Depends(require("analyst")),
          session: Session = Depends(db_session)):
    filters = _filters(request.query_params)
    page = max(page, 1)
    rows = review.review_queue(session=session, filters=filters, user=user.username, limit=PAGE,
                               offset=(page - 1) * PAGE)
    events = review.events_by_id(session=session, event_ids=[ev.event_id for ev, *_ in rows])
    released = review.released_dates(session=session)
    items = [{"evidence": ev, "commitment": c, "document": d, "source": s,
              "sentences": evidence_sentences(d.body, ev.mention_spans),
              "copies": review.event_documents(session=session, evidence=ev), "event": events.get(ev.event_id),
              "history": review.before_roadmap(d.published, released.get(c.roadmap_id), events.get(ev.event_id))}
             for ev, c, d, s in rows]
    active = {k: request.query_params.get(k, "") for k in FILTER_KEYS}
    kept = urlencode({k: v for k, v in active.items() if v})
    here = "/review?" + urlencode({k: v for k, v in active.items() if v} | ({"page": page} if page > 1 else {}))
    return render(request, "queue.html", items=items, total=review.queue_size(session=session, filters=filters),
                  page=page, page_size=PAGE, pos=pos, filters=active, kept=kept, here=here, reasons=review.REJECT_REASONS,
                  confirmed=review.CONFIRMED_BY_BOTH, before=review.BEFORE_ROADMAP,
                  last=review.history(session=session, user=user.username, limit=1))


def _decide(request: Request, session: Session, fn, **kwargs):
    """Run one decision and commit it; None (and an error message) when it cannot be made."""
    try:
        result = fn(session=session, **kwargs)
        session.commit()
    except review.ReviewError as exc:
        session.rollback()
        flash(request, str(exc), "error")
        return None
    return result


@router.post("/review/{evidence_id}/accept")
def accept(request: Request, evidence_id: RowId, back: str = Form("/review"), pos: int = Form(0),
           user: CurrentUser = Depends(require("analyst")), session: Session = Depends(db_session)):
    out = _decide(request, session, review.accept, evidence_id=evidence_id, user=user.username)
    if out:
        extra = f" with {len(out) - 1} cop{'y' if len(out) == 2 else 'ies'} of the same event" if len(out) > 1 else ""
        flash(request, f"Accepted evidence #{evidence_id}{extra}.")
    return _back(back, pos)


@router.post("/review/{evidence_id}/reject")
def reject(request: Request, evidence_id: RowId, reason: str = Form(""), back: str = Form("/review"),
           pos: int = Form(0), user: CurrentUser = Depends(require("analyst")),
           session: Session = Depends(db_session)):
    if _decide(request, session, review.reject, evidence_id=evidence_id, user=user.username, reason=reason):
        flash(request, f"Rejected evidence #{evidence_id}: {review.REJECT_REASONS.get(reason, reason)}.")
    return _back(back, pos)


@router.post("/review/{evidence_id}/skip")
def skip(request: Request, evidence_id: RowId, back: str = Form("/review"), pos: int = Form(0),
         user: CurrentUser = Depends(require("analyst")), session: Session = Depends(db_session)):
    _decide(request, session, review.skip, evidence_id=evidence_id, user=user.username)
    return _back(back, pos)


@router.post("/review/{evidence_id}/relink")
def relink(request: Request, evidence_id: RowId, to_cid: str = Form(""), reason: str = Form(""),
           back: str = Form("/review"), pos: int = Form(0), user: CurrentUser = Depends(require("analyst")),
           session: Session = Depends(db_session)):
    if _decide(request, session, review.relink, evidence_id=evidence_id, user=user.username,
               to_cid=to_cid, reason=reason or None):
        flash(request, f"Moved evidence #{evidence_id} to {to_cid}.")
    return _back(back, pos)


@router.post("/review/{evidence_id}/note")
def note(request: Request, evidence_id: RowId, text: str = Form(""), back: str = Form("/review"),
         user: CurrentUser = Depends(require("analyst")), session: Session = Depends(db_session)):
    _decide(request, session, review.add_note, evidence_id=evidence_id, user=user.username, text=text)
    return _back(back)


@router.post("/review/undo")
def undo(request: Request, back: str = Form("/review"), pos: int = Form(0),
         user: CurrentUser = Depends(require("analyst")), session: Session = Depends(db_session)):
    out = _decide(request, session, review.undo, user=user.username)
    if out:
        flash(request, f"Undid {out[0].reason.removeprefix('undo ')}.")
    return _back(back, pos)
