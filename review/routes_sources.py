"""Sources' health and a form to add an ad-hoc source and start its back-fill.

review/ knows only models/: adding a source and back-filling it are callables the caller of
``create_app`` injects (``roadmap ui`` passes the ingestion pipeline's), with the kinds and
languages the form offers. Without them the form says adding sources is not available here.
"""
from __future__ import annotations

import logging

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from review import queries
from review.auth import CurrentUser, csrf_protect, require
from review.web import db_session, flash, render

router = APIRouter(dependencies=[Depends(csrf_protect)])
COUNTRIES = ("JP", "CA")
logger = logging.getLogger(__name__)


def _adding(request: Request):
    """The injected (register_source, start_backfill, kinds, langs), or None when not available."""
    state = request.app.state
    if state.register_source is None or state.start_backfill is None:
        return None
    return state.register_source, state.start_backfill, state.source_kinds, state.source_langs


@router.get("/sources")
def sources_page(request: Request, user: CurrentUser = Depends(require("reader")),
                 session: Session = Depends(db_session)):
    adding = _adding(request)
    return render(request, "sources.html", sources=queries.sources_health(session=session),
                  can_add=adding is not None, kinds=adding[2] if adding else (), langs=adding[3] if adding else ())


def _backfill(start_backfill, name: str) -> None:
    """Runs after the response: the whole back-fill, recorded as a SourceRun like any other run."""
    try:
        start_backfill(name)
    except Exception:  # the run's outcome is in the source's health; nothing to tell the browser now
        logger.exception("back-fill of %s failed", name)


@router.post("/sources")
def add_source(request: Request, background: BackgroundTasks, name: str = Form(""), url: str = Form(""),
               kind: str = Form("auto"), lang: str = Form("auto"), country: str = Form(""),
               user: CurrentUser = Depends(require("analyst"))):
    adding = _adding(request)
    if adding is None:
        flash(request, "Adding sources is not available in this deployment; use `roadmap sources add`.", "error")
        return RedirectResponse("/sources", status_code=303)
    register, start_backfill, kinds, langs = adding
    try:  # the same checks as `roadmap sources add`: URL safety, a page with releases, a free name
        report = register(name=name.strip(), url=url.strip(), kind=kind if kind in kinds else "auto",
                          lang=lang if lang in langs else "auto", country=country if country in COUNTRIES else "")
    except ValueError as exc:
        flash(request, f"Source not added: {exc}", "error")
        return RedirectResponse("/sources", status_code=303)
    background.add_task(_backfill, start_backfill, report.name)
    flash(request, f"Added source {report.name} ({report.kind}, {report.item_count} releases on its first page); "
                   "its back-fill has started.")
    return RedirectResponse("/sources", status_code=303)
