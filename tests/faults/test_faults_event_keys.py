"""Reports of one happening arriving out of date order must never crash storing evidence.

``models.evidence.upsert_event`` moves an event's date back to its earliest report but keeps the key
made from the first report's date; a later report on that first date that no longer falls within the
window of the moved date gets a new event with the same key → UNIQUE(event.key) fails and the whole
process-documents run stops. Found by the back-fill benchmark (generated corpus, newest first).
"""
from __future__ import annotations

import datetime as dt

from sqlmodel import select

from extractors.types import Link
from models.evidence import store_links
from models.tables import Event
from tests.support.link_fixtures import make_document, make_roadmap, make_sources


def _signed(cid="1.1-2a"):
    return Link(commitment_id=cid, section=cid.split("-")[0], score=0.8, rationale="mentions acsa",
                mention_spans=((0, 4),), action="signed", canonical_id="acsa", suggested=True)


def test_reports_dated_out_of_order_share_or_get_distinct_events(session):
    make_roadmap(session)
    src = make_sources(session)["mofa_press_ja"]
    # A signing reported on 10 April, then (a back-fill reads newest first) on 7 and 4 April: the event's
    # date slides to 4 April. Another copy dated 10 April is then > 4 days from the event's date.
    for day, url in [(10, "a"), (7, "b"), (4, "c"), (10, "d")]:
        doc = make_document(session, src, f"https://example.test/{url}", dt.date(2026, 4, day))
        store_links(session=session, document_id=doc, links=[_signed()], mentions=[])
        session.commit()
    keys = [e.key for e in session.exec(select(Event))]
    assert len(keys) == len(set(keys))
