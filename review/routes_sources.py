"""Sources' health and a form to add an ad-hoc source, back-fill it and process what it stored.

review/ knows only models/: adding a source, back-filling it and processing its documents are
callables the caller of ``create_app`` injects (``roadmap ui`` passes the pipeline's), with the kinds
and languages the form offers. Without them the form says adding sources is not available here.
The work runs off the request (``review.source_jobs``); the page shows where each addition is.

A refused addition keeps what the user typed: the form comes back filled in, the reason beside the
field it is about (at once for an empty field or a full queue, on the next view of the page for what
the site check refused).
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from reports import queries
from review.auth import CurrentUser, csrf_protect, require
from review.source_jobs import TooManyChecks
from review.db_session import db_session
from review.web import RowId, flash, render, without_credentials

router = APIRouter(dependencies=[Depends(csrf_protect)])
COUNTRIES = ("JP", "CA")
EMPTY_FORM = {"name": "", "url": "", "kind": "auto", "lang": "auto", "country": ""}


def _adding(request: Request):
    """The (SourceJobs, kinds, langs) for adding sources, or None when not available."""
    state = request.app.state
    if state.source_jobs is None:
        return None
    return state.source_jobs, state.source_kinds, state.source_langs


def _refused_form(jobs, username: str) -> tuple[dict, dict]:
    """The form as the user's latest addition left it when the site check refused it (with the
    reason by field), else an empty form."""
    latest = next((job for job in jobs if job.user == username), None)
    if latest is None or latest.state != "refused":
        return dict(EMPTY_FORM), {}
    form = {"name": latest.name, "url": latest.url, "kind": latest.kind, "lang": latest.lang,
            "country": latest.country}
    return form, {latest.refused_field or "url": latest.message}


def _page(request: Request, user: CurrentUser, session: Session, *, form: dict | None = None,
          errors: dict | None = None, status_code: int = 200):
    adding = _adding(request)
    jobs = adding[0].recent() if adding and user.can("analyst") else []
    if form is None:
        form, errors = _refused_form(jobs, user.username)
    return render(request, "sources.html", status_code=status_code,
                  sources=queries.sources_health(session=session), can_add=adding is not None,
                  kinds=adding[1] if adding else (), langs=adding[2] if adding else (), countries=COUNTRIES,
                  jobs=jobs, under_way=any(job.under_way for job in jobs), form=form, errors=errors or {})


@router.get("/sources")
def sources_page(request: Request, user: CurrentUser = Depends(require("reader")),
                 session: Session = Depends(db_session)):
    return _page(request, user, session)


@router.post("/sources")
def add_source(request: Request, name: str = Form(""), url: str = Form(""),
               kind: str = Form("auto"), lang: str = Form("auto"), country: str = Form(""),
               user: CurrentUser = Depends(require("analyst")), session: Session = Depends(db_session)):
    adding = _adding(request)
    if adding is None:
        flash(request, "Adding sources is not available in this deployment; use `roadmap sources add`.", "error")
        return RedirectResponse("/sources", status_code=303)
    jobs, kinds, langs = adding
    fields = {"name": name.strip(), "url": url.strip(), "kind": kind if kind in kinds else "auto",
              "lang": lang if lang in langs else "auto", "country": country if country in COUNTRIES else ""}
    shown = dict(fields, url=without_credentials(fields["url"]))  # a password typed in a URL is not echoed
    errors = {key: f"Source not added: {what} is needed." for key, what in
              (("name", "a name"), ("url", "a feed or listing URL")) if not fields[key]}
    if errors:
        return _page(request, user, session, form=shown, errors=errors, status_code=400)
    try:  # checked, back-filled and processed off this request (review.source_jobs)
        job = jobs.submit(user=user.username, shown_url=shown["url"], **fields)
    except TooManyChecks as exc:
        return _page(request, user, session, form=shown, errors={"form": f"Source not added: {exc}."},
                     status_code=503)
    flash(request, f"Checking {job.name}: the result shows below once the site has answered.")
    return RedirectResponse("/sources", status_code=303)


@router.post("/sources/additions/{job_id}/process")
def process_again(request: Request, job_id: RowId, user: CurrentUser = Depends(require("analyst"))):
    """Process again what an addition's back-fill stored, after its processing failed."""
    adding = _adding(request)
    job = adding[0].process_again(job_id) if adding else None
    if job is None:
        flash(request, "Nothing to process again for that addition (the UI may have restarted since; "
                       "`roadmap process` processes every document waiting).", "error")
    else:
        flash(request, f"Processing the {len(job.document_ids)} documents of {job.name} again.")
    return RedirectResponse("/sources", status_code=303)
