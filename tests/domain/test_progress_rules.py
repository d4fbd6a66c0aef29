"""Each status rule, on plain evidence facts."""
from __future__ import annotations

import datetime as dt

from domain.progress_rules import EvidenceFact, commitment_status, roll_up

RELEASED = dt.date(2026, 3, 6)
TODAY = dt.date(2026, 9, 1)


def status(facts, cadence=None, as_of=TODAY):
    return commitment_status(facts, released=RELEASED, as_of=as_of, cadence=cadence)


def treaty(date, action="entered_into_force"):
    return EvidenceFact(date=date, action=action, canonical_id="jp-ca-mlat", entity_type="agreement", one_off=True)


def test_no_evidence():
    st = status([])
    assert (st.status, st.score, st.latest_evidence) == ("no evidence", -1, None)


def test_one_off_completed_after_release_is_achieved():
    st = status([treaty(dt.date(2026, 5, 1))])
    assert (st.status, st.score, st.latest_evidence) == ("achieved", 1, dt.date(2026, 5, 1))
    assert "entered_into_force" in st.rule


def test_signing_alone_is_under_way():
    st = status([treaty(dt.date(2026, 5, 1), action="signed")])
    assert (st.status, st.score) == ("under way", 0)


def test_evidence_before_release_is_history_only():
    st = status([treaty(dt.date(2025, 11, 1))])
    assert (st.status, st.score, st.history, st.counted) == ("no evidence", -1, 1, 0)
    assert st.latest_evidence == dt.date(2025, 11, 1) and "history" in st.rule


def test_evidence_on_release_day_is_history():
    assert status([treaty(RELEASED)]).status == "no evidence"


def test_open_ended_commitment_with_evidence_is_under_way():
    st = status([EvidenceFact(date=dt.date(2026, 4, 2), action="held")])
    assert (st.status, st.score, st.counted) == ("under way", 0, 1)


def test_recurring_done_recently_is_on_track():
    st = status([EvidenceFact(date=dt.date(2026, 6, 1), action="held")], cadence="annual")
    assert (st.status, st.score) == ("on track", 1)


def test_recurring_lapsed_is_overdue():
    st = status([EvidenceFact(date=dt.date(2026, 4, 1), action="held")], cadence="annual", as_of=dt.date(2027, 8, 1))
    assert (st.status, st.score) == ("overdue", 0)


def test_recurring_never_done_is_overdue_once_the_cadence_has_passed():
    st = status([], cadence="annual", as_of=dt.date(2027, 6, 1))
    assert (st.status, st.score) == ("overdue", -1)


def test_recurring_history_dates_the_next_occurrence():
    # Held in August 2025 (history): not yet due in September 2026, overdue by November 2026.
    history = [EvidenceFact(date=dt.date(2025, 8, 20), action="held")]
    early = status(history, cadence="annual", as_of=dt.date(2026, 9, 1))
    assert (early.status, early.history) == ("no evidence", 1) and "2026-10-19" in early.rule
    assert status(history, cadence="annual", as_of=dt.date(2026, 11, 1)).status == "overdue"


def test_recurring_history_alone_never_makes_on_track():
    history = [EvidenceFact(date=dt.date(2026, 1, 20), action="held")]
    assert status(history, cadence="annual").status == "no evidence"


def test_roll_up_to_sections_and_chapters():
    r = roll_up([("1.1", "1", "achieved", 1, dt.date(2026, 5, 1)),
                 ("1.1", "1", "no evidence", -1, None),
                 ("1.2", "1", "under way", 0, dt.date(2026, 6, 1)),
                 ("3", "3", "on track", 1, dt.date(2026, 4, 1))])
    assert r["1.1"].total == 2 and r["1.1"].counts["achieved"] == 1 and r["1.1"].progress == 0.5
    assert r["1"].total == 3 and r["1"].latest_evidence == dt.date(2026, 6, 1) and r["1"].mean_score == 0
    assert r["3"].total == 1  # a chapter without sections is counted once


def test_launching_a_dialogue_achieves_even_when_the_dialogue_recurs():
    launched = EvidenceFact(date=dt.date(2026, 5, 19), action="launched", canonical_id="jp-ca-economic-security-dialogue",
                            entity_type="dialogue", one_off=False)
    held = EvidenceFact(date=dt.date(2026, 5, 19), action="held", entity_type="dialogue", one_off=False)
    assert status([launched]).status == "achieved"
    assert status([held]).status == "under way"
