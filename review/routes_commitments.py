"""The commitments list and one commitment's page: texts, status, evidence timeline, history, notes."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from domain.progress_rules import STATUSES
from models.review import BEFORE_ROADMAP, CONFIRMED_BY_BOTH, REJECT_REASONS, UNDOABLE, events_by_id, history
from models.status_overrides import OverrideError, current_overrides, override_history, set_status
from reports import charts, queries
from review.auth import CurrentUser, csrf_protect, require
from review.db_session import db_session
from review.web import STATUS_ORDER, flash, render

router = APIRouter(dependencies=[Depends(csrf_protect)])


@router.get("/commitments")
def commitment_list(request: Request, section: str = "", status: str = "",
                    user: CurrentUser = Depends(require("reader")), session: Session = Depends(db_session)):
    roadmap = queries.current_roadmap(session=session)
    rows = queries.commitments(session=session, roadmap=roadmap, section=section or None) if roadmap else []
    if status:
        rows = [c for c in rows if c.status == status]
    return render(request, "commitments.html", roadmap=roadmap, commitments=rows, section=section, status=status,
                  statuses=STATUS_ORDER)


@router.get("/commitments/{cid}")
def commitment_page(request: Request, cid: str, user: CurrentUser = Depends(require("reader")),
                    session: Session = Depends(db_session)):
    roadmap = queries.current_roadmap(session=session)
    found = [c for c in queries.commitments(session=session, roadmap=roadmap) if c.cid == cid] if roadmap else []
    if not found:
        raise HTTPException(404, f"no commitment {cid}")
    commitment = found[0]
    evidence = queries.commitment_evidence(session=session, commitment=commitment)
    counts = {}
    for ev, doc, _src in evidence:
        counts[(doc.published, ev.status)] = counts.get((doc.published, ev.status), 0) + 1
    trail = history(session=session, commitment_cid=cid, limit=200)
    return render(request, "commitment.html", c=commitment, evidence=evidence, released=roadmap.released,
                  events=events_by_id(session=session, event_ids=[ev.event_id for ev, _d, _s in evidence]),
                  confirmed=CONFIRMED_BY_BOTH, before=BEFORE_ROADMAP,
                  timeline=charts.evidence_over_time(counts, width=560, height=120),
                  history=trail, reasons=REJECT_REASONS, undoable=UNDOABLE, here=f"/commitments/{cid}",
                  override=current_overrides(session=session, commitment_ids=[commitment.id]).get(commitment.id),
                  overrides=override_history(session=session, commitment_id=commitment.id), statuses=STATUSES,
                  **queries.audit_context(session=session, actions=trail))


@router.post("/commitments/{cid}/status")
def analyst_status(request: Request, cid: str, status: str = Form(""), reason: str = Form(""),
                   user: CurrentUser = Depends(require("analyst")), session: Session = Depends(db_session)):
    """Set (or, with no status, hand back to the rule) the analyst's status of a commitment."""
    roadmap = queries.current_roadmap(session=session)
    found = [c for c in queries.commitments(session=session, roadmap=roadmap) if c.cid == cid] if roadmap else []
    if not found:
        raise HTTPException(404, f"no commitment {cid}")
    try:
        set_status(session=session, commitment_id=found[0].id, status=status, reason=reason, user=user.username)
        session.commit()
        flash(request, f"{cid}: analyst's status {status}." if status else f"{cid} follows the rule's status again.")
    except OverrideError as exc:
        session.rollback()
        flash(request, str(exc), "error")
    return RedirectResponse(f"/commitments/{cid}#analyst-status", status_code=303)
