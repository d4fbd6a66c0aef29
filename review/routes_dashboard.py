"""The dashboard: progress by chapter and section, evidence over time, sources' health, queue size."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from sqlmodel import Session

from models.review import queue_size
from reports import charts, queries
from review.auth import CurrentUser, csrf_protect, require
from review.db_session import db_session
from review.web import STATUS_ORDER, render

router = APIRouter(dependencies=[Depends(csrf_protect)])


@router.get("/")
def dashboard(request: Request, user: CurrentUser = Depends(require("reader")),
              session: Session = Depends(db_session)):
    roadmap = queries.current_roadmap(session=session)
    sections = queries.section_progress(session=session, roadmap=roadmap) if roadmap else []
    for row in sections:
        row.bar = charts.progress_bar(row.counts, STATUS_ORDER)
    totals: dict[str, int] = {}
    for row in sections:
        if row.is_chapter:
            for status, n in row.counts.items():
                totals[status] = totals.get(status, 0) + n
    return render(request, "dashboard.html", roadmap=roadmap, sections=sections,
                  total_bar=charts.progress_bar(totals, STATUS_ORDER, width=480, height=18), totals=totals,
                  timeline=charts.evidence_over_time(queries.evidence_counts_by_date(session=session)),
                  latest=queries.latest_evidence(session=session),
                  sources=queries.sources_health(session=session, runs_per_source=1),
                  queue=queue_size(session=session), suggestions=queries.suggestion_count(session=session),
                  overrides=queries.analyst_statuses(session=session, roadmap=roadmap) if roadmap else [])
