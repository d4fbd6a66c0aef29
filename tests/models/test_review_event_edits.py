"""Analysts' event corrections: refusals that say what to do, audit rows, countries recounted."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from models import event_edits
from models.review import summarize
from models.tables import Event, Evidence, ReviewAction
from tests.support.review_seed import seed


@pytest.fixture
def data(session):
    return seed(session)


def test_edit_relabels_and_redates_the_event_and_audits_each_report(session, data):
    event_id = data.documents["_event"]
    ev = event_edits.edit_event(session=session, event_id=event_id, user="ana", date=dt.date(2026, 4, 3),
                                action="entered_into_force")
    assert summarize(ev).label.endswith("entered into force, 2026-04-03") and ev.date_stated
    rows = session.exec(select(ReviewAction).where(ReviewAction.action == "event")).all()
    assert sorted(r.evidence_id for r in rows) == sorted([data.evidence["kaedex_ja"], data.evidence["kaedex_en"]])
    assert all("conducted 2026-04-01 → entered_into_force 2026-04-03" in r.reason for r in rows)
    with pytest.raises(event_edits.EventEditError, match="unknown action"):
        event_edits.edit_event(session=session, event_id=event_id, user="ana", date=None, action="welcomed")
    with pytest.raises(event_edits.EventEditError, match="nothing changed"):
        event_edits.edit_event(session=session, event_id=event_id, user="ana", date=dt.date(2026, 4, 3),
                               action="entered_into_force")


def test_split_needs_some_not_all_reports_and_merge_puts_them_back(session, data):
    event_id, ja, en = data.documents["_event"], data.evidence["kaedex_ja"], data.evidence["kaedex_en"]
    with pytest.raises(event_edits.EventEditError, match="leaves at least one report"):
        event_edits.split_event(session=session, event_id=event_id, evidence_ids=[ja, en], user="ana")
    with pytest.raises(event_edits.EventEditError, match="tick the reports"):
        event_edits.split_event(session=session, event_id=event_id, evidence_ids=[data.evidence["xss"]], user="ana")
    new = event_edits.split_event(session=session, event_id=event_id, evidence_ids=[en], user="ana")
    assert session.get(Evidence, en).event_id == new.id and new.countries == ["CA"]
    assert session.get(Event, event_id).countries == ["JP"]
    assert [e.id for e in event_edits.related_events(session=session, event=new)] == [event_id]
    with pytest.raises(event_edits.EventEditError, match="another event"):
        event_edits.merge_events(session=session, event_id=new.id, into_id=new.id, user="ana")
    into = event_edits.merge_events(session=session, event_id=new.id, into_id=event_id, user="ana")
    assert into.confirmed_by_both and session.get(Event, new.id) is None
    assert session.get(Evidence, en).event_id == event_id
