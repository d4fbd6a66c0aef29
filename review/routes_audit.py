"""The audit trail, exports, and (for admins) accounts."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session, select

from models.review import REJECT_REASONS, UNDOABLE, history
from models.tables import User
from models.users import ROLES, HashingBusy, UserError, add_user
from reports import queries
from reports.export import FORMATS, ExportError, build_report, render_report
from review.auth import CurrentUser, csrf_protect, require
from review.db_session import db_session
from review.web import PageNumber, flash, render

router = APIRouter(dependencies=[Depends(csrf_protect)])
PAGE = 100
MEDIA = {"csv": "text/csv", "json": "application/json", "md": "text/markdown", "html": "text/html"}


@router.get("/audit")
def audit(request: Request, who: str = "", page: PageNumber = 1, user: CurrentUser = Depends(require("reader")),
          session: Session = Depends(db_session)):
    page = max(page, 1)
    rows = history(session=session, user=who or None, limit=PAGE, offset=(page - 1) * PAGE)
    return render(request, "audit.html", rows=rows, who=who, page=page, more=len(rows) == PAGE, reasons=REJECT_REASONS,
                  undoable=UNDOABLE, here=f"/audit?who={who}&page={page}" if who else "/audit",
                  **queries.audit_context(session=session, actions=rows))


@router.get("/export")
def export(request: Request, format: str = "html", section: str = "", history: bool = False,
           user: CurrentUser = Depends(require("reader")), session: Session = Depends(db_session)):
    if format not in FORMATS:
        raise HTTPException(400, f"unknown format; choose one of {', '.join(FORMATS)}")
    try:
        text = render_report(build_report(session=session, section=section or None, with_history=history), format)
    except ExportError as exc:
        raise HTTPException(404, str(exc)) from exc
    headers = {"Content-Disposition": f'attachment; filename="roadmap-report.{format}"'}
    return Response(text, media_type=MEDIA[format] + "; charset=utf-8", headers=headers)


@router.get("/users")
def users(request: Request, user: CurrentUser = Depends(require("admin")), session: Session = Depends(db_session)):
    return render(request, "users.html", users=session.exec(select(User).order_by(User.username)).all(), roles=ROLES)


@router.post("/users")
def create_user(request: Request, username: str = Form(""), password: str = Form(""), role: str = Form("reader"),
                user: CurrentUser = Depends(require("admin")), session: Session = Depends(db_session)):
    try:
        add_user(session=session, username=username, password=password, role=role)
        session.commit()
        flash(request, f"Created {role} {username}.")
    except (UserError, HashingBusy) as exc:
        session.rollback()
        flash(request, str(exc), "error")
    return RedirectResponse("/users", status_code=303)
