"""The review queue and the decisions posted from it (accept, reject, skip, relink, undo, note)."""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse
from sqlmodel import Session

from models import review
from review.auth import CurrentUser, csrf_protect, require
from review.decision_text import describe, describe_undo
from review.highlight import evidence_sentences
from review.queue_params import FILTER_KEYS, HISTORY, PAGE, back_to, queue_filter, shown_ids
from review.db_session import db_session
from review.web import PageNumber, RowId, flash, render

router = APIRouter(dependencies=[Depends(csrf_protect)])
def _decided(ev, latest, username: str) -> str:
    """How the item was decided, shown in its place ("" while it still awaits a decision)."""
    if ev.status in review.PENDING:
        return "skipped" if latest is not None and latest.action == "skip" and latest.user == username else ""
    by = f" by {latest.user}" if latest is not None else ""
    if latest is not None and latest.action == "relink":
        return f"moved to {latest.to_commitment}{by}"
    reason = review.REJECT_REASONS.get(latest.reason or "", "") if latest is not None and ev.status == "rejected" else ""
    return f"{ev.status}{by}" + (f": {reason}" if reason else "")


@router.get("/review")
def queue(request: Request, page: PageNumber = 1, pos: PageNumber = 0, order: str = "threshold", ids: str = "",
          user: CurrentUser = Depends(require("analyst")), session: Session = Depends(db_session)):
    filters = queue_filter(request.query_params)
    order = order if order in review.ORDERS else "threshold"
    page = max(page, 1)
    kept_ids = shown_ids(ids)
    rows = (review.items_by_id(session=session, evidence_ids=kept_ids) if kept_ids else
            review.review_queue(session=session, filters=filters, user=user.username, limit=PAGE,
                                offset=(page - 1) * PAGE, order=order))
    events = review.events_by_id(session=session, event_ids=[ev.event_id for ev, *_ in rows])
    released = review.released_dates(session=session)
    latest = review.latest_actions(session=session, evidence_ids=[ev.id for ev, *_ in rows])
    items = [{"evidence": ev, "commitment": c, "document": d, "source": s,
              "sentences": evidence_sentences(d.body, ev.mention_spans),
              "copies": review.event_documents(session=session, evidence=ev), "event": events.get(ev.event_id),
              "decided": _decided(ev, latest.get(ev.id), user.username),
              "history": review.before_roadmap(d.published, released.get(c.roadmap_id), events.get(ev.event_id))}
             for ev, c, d, s in rows]
    open_at = [i for i, it in enumerate(items) if not it["decided"]]
    pos = next((i for i in open_at if i >= pos), open_at[0] if open_at else pos)
    active = {k: request.query_params.get(k, "") for k in FILTER_KEYS}
    chosen = {k: v for k, v in active.items() if v} | ({"order": order} if order != "threshold" else {})
    kept = urlencode(chosen)
    paged = chosen | ({"page": page} if page > 1 else {})
    fresh = "/review?" + urlencode(paged)  # this page ordered anew
    here = "/review?" + urlencode(paged | {"ids": ",".join(str(it["evidence"].id) for it in items)})  # as shown
    batch = review.undoable(session=session, user=user.username)
    return render(request, "queue.html", items=items, total=review.queue_size(session=session, filters=filters),
                  page=page, page_size=PAGE, pos=pos, filters=active, kept=kept, here=here, fresh=fresh,
                  reasons=review.REJECT_REASONS, confirmed=review.CONFIRMED_BY_BOTH, before=review.BEFORE_ROADMAP,
                  orders=review.ORDERS, order=order, histories=HISTORY, filtered=filters.any,
                  all_decided=bool(items) and not open_at,
                  last=describe(session=session, actions=batch) if batch else "")


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
    return back_to(back, pos)


@router.post("/review/{evidence_id}/reject")
def reject(request: Request, evidence_id: RowId, reason: str = Form(""), back: str = Form("/review"),
           pos: int = Form(0), user: CurrentUser = Depends(require("analyst")),
           session: Session = Depends(db_session)):
    if _decide(request, session, review.reject, evidence_id=evidence_id, user=user.username, reason=reason):
        flash(request, f"Rejected evidence #{evidence_id}: {review.REJECT_REASONS.get(reason, reason)}.")
    return back_to(back, pos)


@router.post("/review/{evidence_id}/skip")
def skip(request: Request, evidence_id: RowId, back: str = Form("/review"), pos: int = Form(0),
         user: CurrentUser = Depends(require("analyst")), session: Session = Depends(db_session)):
    _decide(request, session, review.skip, evidence_id=evidence_id, user=user.username)
    return back_to(back, pos)


@router.post("/review/{evidence_id}/relink")
def relink(request: Request, evidence_id: RowId, to_cid: str = Form(""), reason: str = Form(""),
           back: str = Form("/review"), pos: int = Form(0), user: CurrentUser = Depends(require("analyst")),
           session: Session = Depends(db_session)):
    row = _decide(request, session, review.relink, evidence_id=evidence_id, user=user.username,
                  to_cid=to_cid, reason=reason or None)
    if row:
        flash(request, f"Moved evidence #{evidence_id} from {row.from_commitment} to {row.to_commitment}.")
    return back_to(back, pos)


@router.post("/review/{evidence_id}/note")
def note(request: Request, evidence_id: RowId, text: str = Form(""), back: str = Form("/review"),
         user: CurrentUser = Depends(require("analyst")), session: Session = Depends(db_session)):
    _decide(request, session, review.add_note, evidence_id=evidence_id, user=user.username, text=text)
    return back_to(back)


@router.post("/review/undo")
def undo(request: Request, back: str = Form("/review"), pos: int = Form(0),
         user: CurrentUser = Depends(require("analyst")), session: Session = Depends(db_session)):
    out = _decide(request, session, review.undo, user=user.username)
    if out:
        flash(request, f"Undid: {describe_undo(session=session, undo_rows=out)}.")
    return back_to(back, pos)


@router.post("/review/revert/{action_id}")
def revert(request: Request, action_id: RowId, back: str = Form("/audit"), user: CurrentUser = Depends(require("analyst")),
           session: Session = Depends(db_session)):
    """Undo one decision named in the audit (anyone's, not only the latest)."""
    out = _decide(request, session, review.undo, user=user.username, action_id=action_id)
    if out:
        flash(request, f"Reverted: {describe_undo(session=session, undo_rows=out)}.")
    return back_to(back)


@router.post("/review/bulk-reject")
def bulk_reject(request: Request, reason: str = Form(""), expected: int = Form(0), back: str = Form("/review"),
                section: str = Form(""), source: str = Form(""), lang: str = Form(""), since: str = Form(""),
                until: str = Form(""), history: str = Form(""), min_score: str = Form(""), max_score: str = Form(""),
                user: CurrentUser = Depends(require("analyst")), session: Session = Depends(db_session)):
    """Reject every item the posted filters select, as one decision (one undo takes it back)."""
    filters = queue_filter({"section": section, "source": source, "lang": lang, "since": since, "until": until,
                        "history": history, "min_score": min_score, "max_score": max_score})
    if not filters.any:
        flash(request, "choose filters first: a bulk decision applies to a filtered queue, never the whole queue", "error")
        return back_to(back)
    total = review.queue_size(session=session, filters=filters)
    if total != expected:
        flash(request, f"the filtered queue now holds {total} items, not the {expected} shown: check them and try again", "error")
        return back_to(back)
    rows = review.review_queue(session=session, filters=filters, user=user.username, limit=total)
    out = _decide(request, session, review.reject_many, evidence_ids=[ev.id for ev, *_ in rows], user=user.username,
                  reason=reason)
    if out:
        flash(request, f"Rejected {len(out)} items ({review.REJECT_REASONS[reason]}) as one decision: "
                       "Undo takes them all back.")
    return back_to(back)


@router.get("/review/commitments")
def commitment_suggestions(q: str = "", user: CurrentUser = Depends(require("analyst")),
                           session: Session = Depends(db_session)):
    """Commitments matching ``q`` (ID, Japanese or English words), for the move box's suggestions."""
    found = review.search_commitments(session=session, query=q[:200])
    return JSONResponse([{"cid": c.cid, "ja": c.text_ja, "en": c.text_en or ""} for c in found])
