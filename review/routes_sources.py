"""Sources' health and a form to add an ad-hoc source and start its back-fill.

review/ knows only models/: adding a source and back-filling it are callables the caller of
``create_app`` injects (``roadmap ui`` passes the ingestion pipeline's), with the kinds and
languages the form offers. Without them the form says adding sources is not available here.
Checking and back-filling run off the request (``review.source_jobs``).
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from reports import queries
from review.auth import CurrentUser, csrf_protect, require
from review.source_jobs import TooManyChecks
from review.web import db_session, flash, render, without_credentials

router = APIRouter(dependencies=[Depends(csrf_protect)])
COUNTRIES = ("JP", "CA")


def _adding(request: Request):
    """The (SourceJobs, kinds, langs) for adding sources, or None when not available."""
    state = request.app.state
    if state.source_jobs is None:
        return None
    return state.source_jobs, state.source_kinds, state.source_langs


@router.get("/sources")
def sources_page(request: Request, user: CurrentUser = Depends(require("reader")),
                 session: Session = Depends(db_session)):
    adding = _adding(request)
    jobs = adding[0].recent() if adding and user.can("analyst") else []
    return render(request, "sources.html", sources=queries.sources_health(session=session),
                  can_add=adding is not None, kinds=adding[1] if adding else (), langs=adding[2] if adding else (),
                  jobs=jobs, checking=any(job.state == "checking" for job in jobs))


@router.post("/sources")
def add_source(request: Request, name: str = Form(""), url: str = Form(""),
               kind: str = Form("auto"), lang: str = Form("auto"), country: str = Form(""),
               user: CurrentUser = Depends(require("analyst"))):
    adding = _adding(request)
    if adding is None:
        flash(request, "Adding sources is not available in this deployment; use `roadmap sources add`.", "error")
        return RedirectResponse("/sources", status_code=303)
    jobs, kinds, langs = adding
    try:  # checked and back-filled off this request (review.source_jobs); the page shows the outcome
        job = jobs.submit(user=user.username, shown_url=without_credentials(url.strip()), name=name.strip(),
                          url=url.strip(), kind=kind if kind in kinds else "auto",
                          lang=lang if lang in langs else "auto", country=country if country in COUNTRIES else "")
    except TooManyChecks as exc:
        flash(request, f"Source not added: {exc}.", "error")
        return RedirectResponse("/sources", status_code=303)
    flash(request, f"Checking {job.name or 'the new source'}: the result shows below once the site has answered.")
    return RedirectResponse("/sources", status_code=303)
