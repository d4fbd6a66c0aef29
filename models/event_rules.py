"""Group the reports of one happening (a signing, an exercise, a meeting) into one event.

The same exercise or signing is announced by Japan's and Canada's ministries, in several languages, and
copied by newswires a day or two later. An event is identified by what happened (the canonical entity
and the kind of action) and when; reports of the same entity and action whose dates fall within a
window of each other are the same event. Pure functions on plain data.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Extractor actions folded into the kinds of happening we group on. Actions missing here
# (``welcomed``, ``announced`` ... or none) report no happening and make no event.
ACTION_CLASSES = {
    "signed": "signed",
    "entered_into_force": "entered_into_force",
    "ratified": "entered_into_force",
    "held": "held",
    "conducted": "held",
    "convened": "held",
    "hosted": "held",
    "met": "held",
    "participated": "held",
    "concluded": "held",
    "launched": "launched",
    "established": "launched",
    "agreed_to_establish": "agreed_to_establish",
    "revised": "signed",
    "renewed": "signed",
}

# How far apart two reports of the same happening may be dated. Exercises last weeks and are reported
# at their start and end; a signing or meeting is reported within days (time zones, newswire copies).
WINDOW_DAYS = {"held": 21, "signed": 4, "entered_into_force": 4, "launched": 7, "agreed_to_establish": 4}

BOTH_GOVERNMENTS = ("JP", "CA")


def event_action(action: str | None) -> str | None:
    """The kind of happening an extractor action reports, or None if it reports none."""
    return ACTION_CLASSES.get(action or "")


def event_key(canonical_id: str, action: str, date: dt.date | None) -> str:
    """A stable key: ``<entity>|<action kind>|<date of the first report>`` (date ``undated`` if unknown)."""
    return f"{canonical_id}|{event_action(action) or action}|{date.isoformat() if date else 'undated'}"


def same_event(canonical_a: str | None, action_a: str | None, date_a: dt.date | None,
               canonical_b: str | None, action_b: str | None, date_b: dt.date | None) -> bool:
    """True when two reports describe the same happening (same entity, same kind, dates within the window)."""
    kind = event_action(action_a)
    if not canonical_a or kind is None or canonical_a != canonical_b or kind != event_action(action_b):
        return False
    if date_a is None or date_b is None:
        return date_a is None and date_b is None
    return abs((date_a - date_b).days) <= WINDOW_DAYS.get(kind, 4)


def confirmed_by_both(countries, parties=BOTH_GOVERNMENTS) -> bool:
    """True when the reporting sources include every government party (Japan and Canada)."""
    return set(parties) <= set(countries or ())


@dataclass(frozen=True)
class Report:
    """One document's report of a happening: what, when, and which government's source said it."""
    document_id: object
    canonical_id: str | None
    action: str | None
    date: dt.date | None
    country: str = ""  # the source's government (JP, CA) or "" for a newswire


@dataclass
class EventGroup:
    key: str
    canonical_id: str
    action: str
    date: dt.date | None
    document_ids: list = field(default_factory=list)
    countries: list[str] = field(default_factory=list)

    @property
    def confirmed_by_both(self) -> bool:
        return confirmed_by_both(self.countries)


def group_reports(reports: list[Report]) -> list[EventGroup]:
    """Group reports into events, earliest first; reports reporting no happening are left out.

    A report joins the first group of the same entity and action kind whose first date is within
    the window; the group's key carries the date of its earliest report.
    """
    groups: list[EventGroup] = []
    dated = sorted((r for r in reports if r.canonical_id and event_action(r.action)),
                   key=lambda r: (r.date is None, r.date or dt.date.min))
    for r in dated:
        group = next((g for g in groups if same_event(g.canonical_id, g.action, g.date,
                                                       r.canonical_id, r.action, r.date)), None)
        if group is None:
            kind = event_action(r.action)
            group = EventGroup(key=event_key(r.canonical_id, kind, r.date), canonical_id=r.canonical_id,
                               action=kind, date=r.date)
            groups.append(group)
        if r.document_id not in group.document_ids:
            group.document_ids.append(r.document_id)
        if r.country and r.country not in group.countries:
            group.countries.append(r.country)
    return groups
