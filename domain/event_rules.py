"""Group the reports of one happening (a signing, an exercise, a meeting) into one event.

The same exercise or signing is announced by Japan's and Canada's ministries, in several languages, and
copied by newswires a day or two later. An event is identified by what happened (the canonical entity
and the kind of action) and when. Two reports are one happening when:
- they name the same entity, and their actions are of one kind, or of kinds one happening is reported
  as (an inaugural meeting "launched" in one language is "held" in the other);
- their dates fall within the kind's window; when both reports state the date in their text, the
  dates must agree within a day (time zones), except for exercises, which last weeks;
- they do not tell them apart: different ordinals (第13回 / 14th) or different places (Tokyo / Ottawa)
  are different meetings, whatever the dates.
Pure functions on plain data.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

# Extractor actions folded into the kinds of happening we group on. Actions missing here
# (``welcomed``, ``announced``, ``planned`` ... or none) report no happening and make no event.
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
# An agreement is signed, revised, enters into force: concluding one is signing it, and it is not
# "held", "conducted" or "participated" in (those words near its name report something done under it:
# 「協定に基づく燃料の提供を行い」, "exercises conducted under the agreement").
TYPE_ACTION_CLASSES = {"agreement": {"concluded": "signed", "held": "", "conducted": "", "participated": "",
                                     "convened": "", "hosted": "", "met": ""}}
# Kinds one happening is reported as in different words: the first meeting of a new dialogue is its
# launch, and a release may say the partners agreed to set it up. They merge only on (nearly) one day.
SAME_DAY_KINDS = (frozenset({"held", "launched", "agreed_to_establish"}),)

# How far apart two reports of the same happening may be dated. Exercises last weeks and are reported
# at their start and end; a signing or meeting is reported within days (time zones, newswire copies).
WINDOW_DAYS = {"held": 21, "signed": 4, "entered_into_force": 4, "launched": 7, "agreed_to_establish": 4}
# Two dates both read from the texts: the same happening is dated the same day, give or take a time zone.
STATED_TOLERANCE_DAYS = 1
LONG_TYPES = frozenset({"exercise"})  # happenings lasting weeks: their stated dates may differ more

BOTH_GOVERNMENTS = ("JP", "CA")


def event_action(action: str | None, entity_type: str | None = None) -> str | None:
    """The kind of happening an extractor action reports, or None if it reports none."""
    by_type = TYPE_ACTION_CLASSES.get(entity_type or "", {})
    if (action or "") in by_type:
        return by_type[action] or None
    return ACTION_CLASSES.get(action or "")


def event_key(canonical_id: str, action: str, date: dt.date | None, ordinal: int | None = None) -> str:
    """A stable key: ``<entity>|<action kind>|<date of the first report>`` (date ``undated`` if unknown),
    with ``|#<ordinal>`` when the reports number the meeting."""
    key = f"{canonical_id}|{event_action(action) or action}|{date.isoformat() if date else 'undated'}"
    return f"{key}|#{ordinal}" if ordinal else key


@dataclass(frozen=True)
class Report:
    """One document's report of a happening: what, when, and which government's source said it.

    ``date_stated``: the date was read from the text (else it is the release date). ``ordinal`` and
    ``place`` (a city id) are what the text says of the happening, when it says it.
    """
    document_id: object
    canonical_id: str | None
    action: str | None
    date: dt.date | None
    country: str = ""  # the source's government (JP, CA) or "" for a newswire
    date_stated: bool = False
    ordinal: int | None = None
    place: str | None = None
    entity_type: str | None = None

    @property
    def kind(self) -> str | None:
        return event_action(self.action, self.entity_type)


def _kinds_match(kind_a: str, kind_b: str, days_apart: int | None) -> bool:
    if kind_a == kind_b:
        return True
    return days_apart is not None and days_apart <= STATED_TOLERANCE_DAYS and \
        any(kind_a in family and kind_b in family for family in SAME_DAY_KINDS)


def same_happening(a: Report, b: Report) -> bool:
    """True when two reports describe the same happening (see the module docstring)."""
    kind_a, kind_b = a.kind, b.kind
    if not a.canonical_id or kind_a is None or kind_b is None or a.canonical_id != b.canonical_id:
        return False
    if a.ordinal and b.ordinal and a.ordinal != b.ordinal:
        return False
    if a.place and b.place and a.place != b.place:
        return False
    if a.date is None or b.date is None:
        return a.date is None and b.date is None and kind_a == kind_b
    apart = abs((a.date - b.date).days)
    if not _kinds_match(kind_a, kind_b, apart):
        return False
    long_lasting = a.entity_type in LONG_TYPES or b.entity_type in LONG_TYPES
    if a.date_stated and b.date_stated and not long_lasting:
        return apart <= STATED_TOLERANCE_DAYS
    return apart <= WINDOW_DAYS.get(kind_a, 4)


def same_event(canonical_a: str | None, action_a: str | None, date_a: dt.date | None,
               canonical_b: str | None, action_b: str | None, date_b: dt.date | None) -> bool:
    """True when two reports known only by entity, action and date describe the same happening."""
    return same_happening(Report(None, canonical_a, action_a, date_a), Report(None, canonical_b, action_b, date_b))


def confirmed_by_both(countries, parties=BOTH_GOVERNMENTS) -> bool:
    """True when the reporting sources include every government party (Japan and Canada)."""
    return set(parties) <= set(countries or ())


@dataclass
class EventGroup:
    key: str
    first: Report  # the earliest report: what the group is compared against
    document_ids: list = field(default_factory=list)
    countries: list[str] = field(default_factory=list)

    @property
    def canonical_id(self) -> str:
        return self.first.canonical_id

    @property
    def action(self) -> str:
        return self.first.kind

    @property
    def date(self) -> dt.date | None:
        return self.first.date

    @property
    def confirmed_by_both(self) -> bool:
        return confirmed_by_both(self.countries)


def group_reports(reports: list[Report]) -> list[EventGroup]:
    """Group reports into events, earliest first; reports reporting no happening are left out.

    A report joins the first group whose earliest report is the same happening (``same_happening``);
    the group's key carries the date of its earliest report. Reports with stated dates are placed
    before those dated by their release on the same day, so that a stated date leads the group.
    """
    groups: list[EventGroup] = []
    dated = sorted((r for r in reports if r.canonical_id and r.kind),
                   key=lambda r: (r.date is None, r.date or dt.date.min, not r.date_stated))
    for r in dated:
        group = next((g for g in groups if same_happening(g.first, r)), None)
        if group is None:
            group = EventGroup(key=event_key(r.canonical_id, r.kind, r.date, r.ordinal), first=r)
            groups.append(group)
        elif (r.ordinal and not group.first.ordinal) or (r.place and not group.first.place):
            # what one report says of the happening (its ordinal, its place) holds for the whole group
            group.first = replace(group.first, ordinal=group.first.ordinal or r.ordinal,
                                  place=group.first.place or r.place)
        if r.document_id not in group.document_ids:
            group.document_ids.append(r.document_id)
        if r.country and r.country not in group.countries:
            group.countries.append(r.country)
    return groups
