"""Review decisions keep an event's countries and "confirmed by both" true to its non-rejected reports.

The seed's KAEDEx event is reported by a Japanese (kaedex_ja) and a Canadian (kaedex_en) document,
both suggested for 1.1-2b.
"""
from __future__ import annotations

import pytest
from sqlmodel import Session

from models import review
from models.tables import Event, Evidence
from tests.support.review_seed import seed


@pytest.fixture
def data(session):
    return seed(session, users=False)


def _event(session, data) -> Event:
    return session.get(Event, data.documents["_event"])


def _stored(engine, data) -> tuple[list, bool]:
    """The event as another connection sees it (what the web UI and the CLI read after a commit)."""
    with Session(engine) as other:
        ev = other.get(Event, data.documents["_event"])
        return sorted(ev.countries), ev.confirmed_by_both


def _accept_both(session, data) -> None:
    review.accept(session=session, evidence_id=data.evidence["kaedex_ja"], user="ana")  # the CA copy too
    session.commit()
    assert session.get(Evidence, data.evidence["kaedex_en"]).status == "accepted"


def _reject_the_canadian_report(engine, session, data, reason: str) -> None:
    """Both reports accepted, then the Canadian one rejected: the event is Japan's alone."""
    _accept_both(session, data)
    review.reject(session=session, evidence_id=data.evidence["kaedex_en"], user="ana", reason=reason)
    session.commit()
    assert _stored(engine, data) == (["JP"], False)


def test_rejecting_the_only_canadian_report_unconfirms_the_event(engine, session, data):
    _accept_both(session, data)
    review.reject(session=session, evidence_id=data.evidence["kaedex_en"], user="ana", reason="not-relevant")
    ev = _event(session, data)
    assert (ev.countries, ev.confirmed_by_both) == (["JP"], False)  # in the decision's own transaction
    session.commit()
    assert _stored(engine, data) == (["JP"], False)
    summary = review.events_by_id(session=session, event_ids=[ev.id])[ev.id]  # what the UI, CLI and export show
    assert not summary.confirmed_by_both


def test_accepting_the_rejected_report_again_confirms_the_event_again(engine, session, data):
    _reject_the_canadian_report(engine, session, data, "duplicate")
    review.accept(session=session, evidence_id=data.evidence["kaedex_en"], user="ana")
    session.commit()
    assert _stored(engine, data) == (["CA", "JP"], True)


def test_undoing_the_rejection_confirms_the_event_again(engine, session, data):
    _reject_the_canadian_report(engine, session, data, "duplicate")
    review.undo(session=session, user="ana")
    session.commit()
    assert _stored(engine, data) == (["CA", "JP"], True)


def test_relinking_the_rejected_report_counts_it_again(engine, session, data):
    _reject_the_canadian_report(engine, session, data, "wrong-commitment")
    review.relink(session=session, evidence_id=data.evidence["kaedex_en"], user="ana", to_cid="1.1-2a")
    session.commit()
    assert _stored(engine, data) == (["CA", "JP"], True)


def test_adding_a_link_over_a_rejected_report_counts_it_again(engine, session, data):
    _reject_the_canadian_report(engine, session, data, "not-relevant")
    review.add_link(session=session, document_id=data.documents["kaedex_en"], cid="1.1-2b", user="ana")
    session.commit()
    assert _stored(engine, data) == (["CA", "JP"], True)


def test_rejecting_a_pending_event_with_its_copies_empties_it_and_undo_restores_it(engine, session, data):
    review.reject(session=session, evidence_id=data.evidence["kaedex_ja"], user="ana", reason="background-only")
    session.commit()
    assert _stored(engine, data) == ([], False)
    review.undo(session=session, user="ana")
    session.commit()
    assert _stored(engine, data) == (["CA", "JP"], True)


def test_a_report_rejected_for_one_commitment_still_counts_through_another(engine, session, data):
    session.add(Evidence(document_id=data.documents["kaedex_en"], commitment_id=data.commitments["1.1-2a"],
                         event_id=data.documents["_event"], score=0.6, rationale="mentions KAEDEx",
                         mention_spans=[], status="suggested"))
    session.commit()
    _accept_both(session, data)
    review.reject(session=session, evidence_id=data.evidence["kaedex_en"], user="ana", reason="wrong-commitment")
    session.commit()
    assert _stored(engine, data) == (["CA", "JP"], True)


def test_skip_and_note_leave_the_event_alone(engine, session, data):
    ev = _event(session, data)
    ev.countries, ev.confirmed_by_both = ["JP"], False  # stale on purpose: skip and note must not recount
    session.add(ev)
    session.commit()
    review.skip(session=session, evidence_id=data.evidence["kaedex_en"], user="ana")
    review.add_note(session=session, evidence_id=data.evidence["kaedex_en"], user="ana", text="check the date")
    session.commit()
    assert _stored(engine, data) == (["JP"], False)
