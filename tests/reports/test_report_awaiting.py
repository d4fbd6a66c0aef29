"""The progress report says what awaits review, so that "no evidence" everywhere is not read as "nothing found"."""
from __future__ import annotations

import json

from sqlmodel import Session, func, select

from models.tables import Evidence
from reports.export import build_report, render_report
from tests.support.review_seed import seed


def test_the_report_counts_the_suggestions_awaiting_review(engine):
    with Session(engine, expire_on_commit=False) as s:
        seed(s)
        waiting = s.exec(select(func.count()).where(Evidence.status == "suggested")).one()
        report = build_report(session=s)
    assert waiting > 0 and report.awaiting_review()["suggestions"] == waiting
    per_commitment = [c for c in report.commitments if c.awaiting_review]
    assert report.awaiting_review()["commitments"] == len(per_commitment) > 0
    html = render_report(report, "html")
    assert f"{waiting} suggestions for {len(per_commitment)} commitment" in html
    assert f"{per_commitment[0].awaiting_review} awaiting review" in html
    assert json.loads(render_report(report, "json"))["awaiting_review"]["suggestions"] == waiting
