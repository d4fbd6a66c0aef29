"""Events as analysts see them: one happening, several reports, maybe confirmed by both governments."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from models.evidence import gazetteer_entities
from models.tables import Document, Event, Evidence, Roadmap, Source

CONFIRMED_BY_BOTH = "confirmed by both governments"
BEFORE_ROADMAP = "history (before the roadmap)"


@dataclass(frozen=True)
class EventSummary:
    """What a page or report says about one event: ``label`` like "KAEDEx held, 2026-04-01"."""
    id: int
    label: str
    confirmed_by_both: bool
    date: object = None  # the day it happened (datetime.date), or None


def event_name(event: Event) -> str:
    """The event's entity as people write it (the gazetteer's English name), else its id or key."""
    entity = gazetteer_entities().get(event.canonical_id or "")
    names = entity.names if entity else {}
    for lang in ("en", "fr", "ja"):
        if names.get(lang):
            return str(names[lang][0])
    return event.canonical_id or event.key


def summarize(event: Event) -> EventSummary:
    """The event's label and confirmation, for display."""
    when = event.date.isoformat() if event.date else "undated"
    what = f"{event_name(event)} {event.action.replace('_', ' ')}" if event.action else event_name(event)
    return EventSummary(event.id, f"{what}, {when}", bool(event.confirmed_by_both), event.date)


def events_by_id(*, session: Session, event_ids) -> dict[int, EventSummary]:
    """Summaries of the events ``event_ids`` (None entries ignored), by id."""
    ids = sorted({i for i in event_ids if i is not None})
    if not ids:
        return {}
    return {e.id: summarize(e) for e in session.exec(select(Event).where(Event.id.in_(ids))).all()}


def event_documents(*, session: Session, evidence: Evidence) -> list[tuple[Document, Source]]:
    """The other documents reporting the same event as ``evidence`` (empty without an event)."""
    if evidence.event_id is None:
        return []
    stmt = (select(Document, Source).join(Evidence, Evidence.document_id == Document.id)
            .join(Source, Document.source_id == Source.id)
            .where(Evidence.event_id == evidence.event_id, Document.id != evidence.document_id)
            .order_by(Document.published, Document.id))
    seen, out = set(), []
    for doc, src in session.exec(stmt).all():
        if doc.id not in seen:
            seen.add(doc.id)
            out.append((doc, src))
    return out


def released_dates(*, session: Session) -> dict[int, object]:
    """Each roadmap's release date (or None) by roadmap id."""
    return dict(session.exec(select(Roadmap.id, Roadmap.released)).all())


def before_roadmap(published, released, event: EventSummary | None = None) -> bool:
    """True for evidence of a happening on or before the roadmap's release: history, not progress (the
    same cut-off as the status rules in domain.progress_rules). The day is the ``event``'s when the
    evidence belongs to a dated one (a dialogue held three days after the roadmap is progress, even
    reported in a release announced before it), else the document's ``published`` day."""
    day = event.date if event is not None and event.date is not None else published
    return day is not None and released is not None and day <= released
