"""Events in the database: finding or making the event a report belongs to, and who reported it.

The rules that say whether two reports are one happening are in domain.event_rules; these functions
apply them to the stored events. The caller commits.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from domain.event_rules import Report, confirmed_by_both, event_action, event_key, same_happening
from models.tables import Document, Event, Evidence, Source

PASSING_LOOKBACK_DAYS = 365  # how far back a passing mention with no date of its own looks for its event


def _as_report(ev: Event, entity_type: str | None) -> Report:
    # one entity has one type: the new report's type holds for the stored event too
    return Report(None, ev.canonical_id, ev.action, ev.date, date_stated=bool(ev.date_stated), ordinal=ev.ordinal,
                  place=ev.place, entity_type=entity_type)


def _absorb(ev: Event, report: Report) -> None:
    """What a new report of the event adds: a date read from a text beats a release date, an earlier
    date of the same kind beats a later one; an ordinal or a place it lacked."""
    if report.date and (ev.date is None or (report.date_stated and not ev.date_stated)
                        or (report.date < ev.date and report.date_stated >= bool(ev.date_stated))):
        ev.date, ev.date_stated = report.date, report.date_stated  # the key stays as first stored
    ev.ordinal = ev.ordinal or report.ordinal
    ev.place = ev.place or report.place


def upsert_event(*, session: Session, canonical_id: str | None, action: str | None, date: dt.date | None,
                 date_stated: bool = False, ordinal: int | None = None, place: str | None = None,
                 entity_type: str | None = None, create: bool = True) -> Event | None:
    """The event of this happening: an existing one that is the same happening
    (``domain.event_rules.same_happening``), else a new one (``create``) or None. None too when the
    action reports no happening (background, welcomed, planned...)."""
    report = Report(None, canonical_id, action, date, date_stated=date_stated, ordinal=ordinal, place=place,
                    entity_type=entity_type)
    kind = report.kind
    if not canonical_id or kind is None:
        return None
    rows = session.exec(select(Event).where(Event.canonical_id == canonical_id)).all()
    matches = [ev for ev in rows if same_happening(_as_report(ev, entity_type), report)]
    if matches:
        ev = min(matches, key=lambda e: (e.action != kind, abs((e.date - date).days) if e.date and date else 0))
        _absorb(ev, report)
        return ev
    if not create:
        return None
    key = event_key(canonical_id, kind, date, ordinal)
    # A report dated on the day an event was first keyed belongs to it, even after the event's date
    # moved back to an earlier report and this day fell out of the window.
    existing = session.exec(select(Event).where(Event.key == key)).first()
    if existing is not None:
        return existing
    ev = Event(key=key, canonical_id=canonical_id, action=kind, date=date, date_stated=date_stated,
               ordinal=ordinal, place=place)
    try:
        with session.begin_nested():  # another run may create the same event at the same moment
            session.add(ev)
    except IntegrityError:
        return session.exec(select(Event).where(Event.key == key)).one()
    return ev


def earlier_event(*, session: Session, canonical_id: str | None, action: str | None, before: dt.date | None,
                  ordinal: int | None = None, place: str | None = None,
                  entity_type: str | None = None) -> Event | None:
    """The latest event of this entity and kind up to ``before`` (and within a year of it) that a passing
    mention with no date of its own can refer to; None when there is none."""
    kind = event_action(action, entity_type)
    if not canonical_id or kind is None or before is None:
        return None
    q = (select(Event).where(Event.canonical_id == canonical_id, Event.action == kind, Event.date <= before,
                             Event.date >= before - dt.timedelta(days=PASSING_LOOKBACK_DAYS))
         .order_by(Event.date.desc()))
    for ev in session.exec(q):
        if (not ordinal or not ev.ordinal or ordinal == ev.ordinal) and (not place or not ev.place or place == ev.place):
            return ev
    return None


def event_for(session: Session, link, happening) -> Event | None:
    """The event a link's ``happening`` (extractors.happening.Happening) belongs to, or None: a report
    joins or makes one; a passing mention joins the one it refers to; anything else joins none."""
    h = happening
    if not h.joins_event:
        return None
    args = dict(session=session, canonical_id=link.canonical_id, action=h.action, ordinal=h.ordinal,
                place=h.place, entity_type=h.entity_type)
    if h.makes_event:
        return upsert_event(date=h.date, date_stated=h.date_stated, **args)
    if h.date_stated:  # a passing mention that dates what it mentions: that event, if known
        return upsert_event(date=h.date, date_stated=True, create=False, **args)
    return earlier_event(before=h.date, **args)


def refresh_event(*, session: Session, event_id: int) -> Event:
    """Recompute which governments' sources reported an event, and whether both did."""
    ev = session.get(Event, event_id)
    q = (select(Source.country).join(Document, Document.source_id == Source.id)
         .join(Evidence, Evidence.document_id == Document.id)
         .where(Evidence.event_id == event_id, Evidence.status != "rejected").distinct())
    countries = sorted({c for c in session.exec(q) if c})
    ev.countries = countries
    ev.confirmed_by_both = confirmed_by_both(countries)
    session.add(ev)
    return ev


def add_event_country(*, session: Session, event_id: int, country: str | None) -> Event:
    """``refresh_event`` for one more (not rejected) report from a ``country`` source: O(1), not O(reports).

    The countries of an event only grow while the linker adds evidence; a rejection (which can shrink
    them) goes through ``refresh_event``.
    """
    ev = session.get(Event, event_id)
    if country and country not in (ev.countries or []):
        ev.countries = sorted({*(ev.countries or []), country})
        ev.confirmed_by_both = confirmed_by_both(ev.countries)
        session.add(ev)
    return ev


def drop_or_refresh_event(*, session: Session, event_id: int) -> None:
    """After a report left an event (re-processing under newer rules): delete the event when no evidence
    reports it any more, else recount who reported it."""
    if session.exec(select(Evidence.id).where(Evidence.event_id == event_id).limit(1)).first() is None:
        ev = session.get(Event, event_id)
        if ev is not None:
            session.delete(ev)
        return
    refresh_event(session=session, event_id=event_id)

