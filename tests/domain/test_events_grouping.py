"""Grouping reports of one happening into one event."""
from __future__ import annotations

import datetime as dt

from domain.event_rules import Report, event_key, group_reports, same_event

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


# ---- one event per real happening: twins merge, second meetings stay apart ----

def _said(doc, cid, action, day, country="", *, stated=True, ordinal=None, place=None, entity_type="dialogue"):
    return Report(doc, cid, action, D(2026, 4, day), country, date_stated=stated, ordinal=ordinal, place=place,
                  entity_type=entity_type)


def test_twins_in_two_languages_merge_though_their_actions_and_dates_differ_slightly():
    # the Japanese report says the dialogue was launched on the 9th (Tokyo time), the English one that
    # its first meeting was held on the 8th (Ottawa time); a newswire copies it two days later
    groups = group_reports([_said("mofa-ja", "cyber", "launched", 9, "JP", ordinal=1, place="tokyo"),
                            _said("gac-en", "cyber", "held", 8, "CA", ordinal=1),
                            _said("wire-en", "cyber", "held", 10, stated=False)])
    assert len(groups) == 1 and sorted(groups[0].document_ids) == ["gac-en", "mofa-ja", "wire-en"]
    assert groups[0].confirmed_by_both and groups[0].date == D(2026, 4, 8)


def test_concluding_an_agreement_is_signing_it():
    groups = group_reports([_said(1, "acsa", "concluded", 9, "CA", entity_type="agreement"),
                            _said(2, "acsa", "signed", 9, "JP", entity_type="agreement")])
    assert len(groups) == 1 and groups[0].action == "signed"


def test_an_agreement_is_not_held_or_conducted():
    # 「協定に基づく燃料の提供を行い」, "exercises conducted under the agreement": done under it, not to it
    assert group_reports([_said(1, "acsa", "conducted", 9, entity_type="agreement"),
                          _said(2, "acsa", "held", 9, entity_type="agreement")]) == []


def test_a_launch_and_a_meeting_weeks_apart_are_two_happenings():
    assert len(group_reports([_said(1, "cyber", "launched", 1), _said(2, "cyber", "held", 15)])) == 2


def test_meetings_with_different_ordinals_never_merge_even_within_the_window():
    groups = group_reports([_said(1, "esd", "held", 2, "JP", ordinal=13, stated=False),
                            _said(2, "esd", "held", 9, "CA", ordinal=14, stated=False)])
    assert len(groups) == 2 and not any(g.confirmed_by_both for g in groups)
    assert [g.key for g in groups] == ["esd|held|2026-04-02|#13", "esd|held|2026-04-09|#14"]


def test_an_unnumbered_report_lends_the_group_its_ordinal_and_the_next_meeting_stays_out():
    groups = group_reports([_said(1, "esd", "held", 2, stated=False),
                            _said(2, "esd", "held", 3, ordinal=13, stated=False),
                            _said(3, "esd", "held", 12, ordinal=14, stated=False)])
    assert [g.document_ids for g in groups] == [[1, 2], [3]]


def test_meetings_on_clearly_different_stated_dates_are_two_events():
    # both reports read the date from their text: a week apart is two meetings, not one reported late
    assert len(group_reports([_said(1, "esd", "held", 2), _said(2, "esd", "held", 9)])) == 2
    # a release date is only when the news came out: the same gap may be one meeting reported late
    assert len(group_reports([_said(1, "esd", "held", 2), _said(2, "esd", "held", 9, stated=False)])) == 1


def test_an_exercise_reported_at_its_start_and_its_end_is_one_event():
    groups = group_reports([_said(1, "kaedex", "conducted", 1, "JP", entity_type="exercise"),
                            _said(2, "kaedex", "concluded", 14, "CA", entity_type="exercise")])
    assert len(groups) == 1 and groups[0].confirmed_by_both


def test_meetings_in_different_cities_never_merge():
    groups = group_reports([_said(1, "esd", "held", 2, "JP", place="tokyo", stated=False),
                            _said(2, "esd", "held", 3, "CA", place="ottawa", stated=False)])
    assert len(groups) == 2
