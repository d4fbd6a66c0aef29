"""Grouping reports of one happening into one event."""
from __future__ import annotations

import datetime as dt

from models.event_rules import Report, event_key, group_reports, same_event

D = dt.date


def test_both_governments_and_a_newswire_are_one_event():
    reports = [Report("mofa-ja", "kaedex", "conducted", D(2026, 6, 10), "JP"),
               Report("dnd-en", "kaedex", "held", D(2026, 6, 9), "CA"),
               Report("wire-en", "kaedex", "conducted", D(2026, 6, 11), "")]
    [group] = group_reports(reports)
    assert sorted(group.document_ids) == ["dnd-en", "mofa-ja", "wire-en"]
    assert group.confirmed_by_both and group.key == "kaedex|held|2026-06-09"


def test_next_years_exercise_is_another_event():
    groups = group_reports([Report(1, "kaedex", "held", D(2026, 6, 10), "JP"),
                            Report(2, "kaedex", "held", D(2027, 6, 10), "JP")])
    assert len(groups) == 2 and not groups[0].confirmed_by_both


def test_signing_and_entry_into_force_are_different_events():
    groups = group_reports([Report(1, "jp-ca-mlat", "signed", D(2026, 5, 1), "JP"),
                            Report(2, "jp-ca-mlat", "entered_into_force", D(2026, 5, 2), "CA")])
    assert len(groups) == 2


def test_background_and_unnamed_reports_make_no_event():
    assert group_reports([Report(1, "cptpp", None, D(2026, 5, 1), "JP"),
                          Report(2, "cptpp", "welcomed", D(2026, 5, 1), "JP"),
                          Report(3, None, "signed", D(2026, 5, 1), "CA")]) == []


def test_window_depends_on_the_kind_of_happening():
    assert same_event("acsa", "signed", D(2026, 5, 1), "acsa", "signed", D(2026, 5, 4))
    assert not same_event("acsa", "signed", D(2026, 5, 1), "acsa", "signed", D(2026, 5, 20))
    assert same_event("kaedex", "conducted", D(2026, 6, 1), "kaedex", "concluded", D(2026, 6, 18))
    assert event_key("kaedex", "conducted", None) == "kaedex|held|undated"
