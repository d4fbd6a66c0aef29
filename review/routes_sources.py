"""Sources' health and a form to add an ad-hoc source and start its back-fill."""
from __future__ import annotations

import importlib
import importlib.util
import logging

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from review import queries
from review.auth import CurrentUser, csrf_protect, require
from review.web import db_session, flash, render

router = APIRouter(dependencies=[Depends(csrf_protect)])
KINDS = ("auto", "rss", "atom", "rdf", "html-listing")
LANGS = ("auto", "ja", "en", "fr")
COUNTRIES = ("JP", "CA")
logger = logging.getLogger(__name__)


def adhoc_ingestion():
    """(register_adhoc_source, ingest_source, SourceError) from the ingestion package, or None if absent."""
    if importlib.util.find_spec("flows.ingest") is None:
        return None
    ingest = importlib.import_module("flows.ingest")
    from sources.errors import SourceError

    register, backfill = getattr(ingest, "register_adhoc_source", None), getattr(ingest, "ingest_source", None)
    return (register, backfill, SourceError) if register and backfill else None


@router.get("/sources")
def sources_page(request: Request, user: CurrentUser = Depends(require("reader")),
                 session: Session = Depends(db_session)):
    return render(request, "sources.html", sources=queries.sources_health(session=session),
                  can_add=adhoc_ingestion() is not None, kinds=KINDS, langs=LANGS)


def _backfill(ingest_source, name: str, engine) -> None:
    """Runs after the response: the whole back-fill, recorded as a SourceRun like any other run."""
    try:
        ingest_source(source_name=name, engine=engine)
    except Exception:  # the run's outcome is in the source's health; nothing to tell the browser now
        logger.exception("back-fill of %s failed", name)


@router.post("/sources")
def add_source(request: Request, background: BackgroundTasks, name: str = Form(""), url: str = Form(""),
               kind: str = Form("auto"), lang: str = Form("auto"), country: str = Form(""),
               user: CurrentUser = Depends(require("analyst"))):
    found = adhoc_ingestion()
    if found is None:
        flash(request, "Adding sources is not available in this installation yet.", "error")
        return RedirectResponse("/sources", status_code=303)
    register, ingest_source, source_error = found
    engine = request.app.state.engine
    try:  # the same checks as `roadmap sources add`: URL safety, a page with releases, a free name
        report = register(name=name.strip(), url=url.strip(), kind=kind if kind in KINDS else "auto",
                          lang=lang if lang in LANGS else "auto", country=country if country in COUNTRIES else "",
                          engine=engine)
    except (source_error, ValueError) as exc:
        flash(request, f"Source not added: {exc}", "error")
        return RedirectResponse("/sources", status_code=303)
    background.add_task(_backfill, ingest_source, report.name, engine)
    flash(request, f"Added source {report.name} ({report.kind}, {report.item_count} releases on its first page); "
                   "its back-fill has started.")
    return RedirectResponse("/sources", status_code=303)
