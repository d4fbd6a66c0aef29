"""Analysts' corrections to events: re-date, re-label the action, split reports off into a new event,
merge two events into one. Each correction is audited (a ReviewAction per report touched, action
``event``) and the events' countries are recounted; pages and exports read the corrected events."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from domain.event_rules import ACTION_CLASSES
from models.event_store import refresh_event
from models.tables import Commitment, Event, Evidence, ReviewAction, utcnow

ACTIONS = tuple(sorted(set(ACTION_CLASSES.values())))  # the kinds of happening events are grouped on


class EventEditError(ValueError):
    """An event cannot be corrected as asked (unknown event or action, reports not in the event...)."""


def _event(session: Session, event_id: int) -> Event:
    ev = session.get(Event, event_id)
    if ev is None:
        raise EventEditError(f"no event #{event_id}")
    return ev


def event_reports(*, session: Session, event_id: int) -> list[Evidence]:
    """The evidence rows reporting an event, oldest first."""
    return list(session.exec(select(Evidence).where(Evidence.event_id == event_id).order_by(Evidence.id)).all())


def _audit(session: Session, reports: list[Evidence], *, user: str, at: dt.datetime, what: str) -> None:
    cids = {c.id: c.cid for c in session.exec(select(Commitment).where(
        Commitment.id.in_([r.commitment_id for r in reports]))).all()}
    for r in reports:
        session.add(ReviewAction(evidence_id=r.id, user=user, at=at, action="event", from_status=r.status,
                                 to_status=r.status, from_commitment=cids.get(r.commitment_id),
                                 to_commitment=cids.get(r.commitment_id), reason=what))


def edit_event(*, session: Session, event_id: int, user: str, date: dt.date | None, action: str) -> Event:
    """Set an event's date and action (one of ACTIONS); the date counts as stated (read by a person)."""
    ev = _event(session, event_id)
    if action not in ACTIONS:
        raise EventEditError(f"unknown action {action!r}; choose one of {', '.join(ACTIONS)}")
    if (ev.date, ev.action) == (date, action):
        raise EventEditError("nothing changed: pick another date or action")
    what = f"event #{ev.id}: {ev.action or '—'} {ev.date or 'undated'} → {action} {date or 'undated'}"
    ev.date, ev.action, ev.date_stated = date, action, date is not None
    session.add(ev)
    _audit(session, event_reports(session=session, event_id=ev.id), user=user, at=utcnow(), what=what)
    session.flush()
    return ev


def split_event(*, session: Session, event_id: int, evidence_ids: list[int], user: str) -> Event:
    """Move some of an event's reports into a new event (same entity, action and date, to correct
    next). Raises EventEditError unless they are some, not all, of its reports."""
    ev = _event(session, event_id)
    reports = event_reports(session=session, event_id=ev.id)
    moving = [r for r in reports if r.id in set(evidence_ids)]
    if not moving or len(moving) != len(set(evidence_ids)):
        raise EventEditError("tick the reports of this event to split off")
    if len(moving) == len(reports):
        raise EventEditError("a split leaves at least one report in the event: untick one")
    at = utcnow()
    new = Event(key=f"{ev.key}|split:{at.isoformat()}", canonical_id=ev.canonical_id, action=ev.action, date=ev.date,
                date_stated=ev.date_stated, ordinal=ev.ordinal, place=ev.place)
    session.add(new)
    session.flush()
    for r in moving:
        r.event_id = new.id
        session.add(r)
    _audit(session, moving, user=user, at=at, what=f"split from event #{ev.id} into event #{new.id}")
    session.flush()
    refresh_event(session=session, event_id=ev.id)
    refresh_event(session=session, event_id=new.id)
    return new


def merge_events(*, session: Session, event_id: int, into_id: int, user: str) -> Event:
    """Move every report of ``event_id`` into ``into_id`` and delete the emptied event."""
    if event_id == into_id:
        raise EventEditError("choose another event to merge with")
    ev, into = _event(session, event_id), _event(session, into_id)
    reports = event_reports(session=session, event_id=ev.id)
    for r in reports:
        r.event_id = into.id
        session.add(r)
    _audit(session, reports, user=user, at=utcnow(), what=f"event #{ev.id} merged into event #{into.id}")
    session.flush()
    session.delete(ev)
    session.flush()
    return refresh_event(session=session, event_id=into.id)


def related_events(*, session: Session, event: Event) -> list[Event]:
    """Other events of the same entity, nearest in date first: the candidates for a merge."""
    rows = session.exec(select(Event).where(Event.canonical_id == event.canonical_id, Event.id != event.id)).all()
    far = dt.date.max
    return sorted(rows, key=lambda e: (abs((e.date - event.date).days) if e.date and event.date else far.toordinal(), e.id))
