"""Evidence in the database: storing the linker's links, grouping them into events, and statuses.

Re-linking never overwrites an analyst's decision: rows that are accepted, rejected or were added by
an analyst keep their status, score and rationale whatever the linker now says.
"""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from config.entities import EntityEntry, entities_by_id
from domain.progress_rules import EvidenceFact, commitment_status
# refresh_event and upsert_event are re-exported: the review decisions import them from here
from models.event_store import (add_event_country, drop_or_refresh_event, event_for, refresh_event,  # noqa: F401
                                upsert_event)
from models.tables import Commitment, Document, Event, Evidence, Roadmap, Source, utcnow

DECIDED = frozenset({"accepted", "rejected"})
LINKER_STATUSES = frozenset({"suggested", "below_threshold"})


def is_decided(row: Evidence) -> bool:
    """True when an analyst has decided on (or created) this evidence: the linker must leave it alone."""
    return row.status in DECIDED or row.origin == "analyst"


def _commitment_ids(session: Session, cids, roadmap_id: int | None) -> dict[str, int]:
    if not cids:
        return {}
    q = select(Commitment.cid, Commitment.id).where(Commitment.cid.in_(list(cids)))
    if roadmap_id is not None:
        q = q.where(Commitment.roadmap_id == roadmap_id)
    q = q.where(Commitment.removed_in_version.is_(None)).order_by(Commitment.roadmap_id.desc())
    out: dict[str, int] = {}
    for cid, pk in session.exec(q):
        out.setdefault(cid, pk)  # several roadmaps: the latest one loaded
    return out


def _link_date(link, mentions, document: Document) -> dt.date | None:
    spans = {tuple(s) for s in link.mention_spans}
    dates = sorted(m.date for m in mentions or () if m.date and (m.start, m.end) in spans)
    if dates:
        return dates[0]
    return document.published or (document.fetched_at.date() if document.fetched_at else None)


def store_links(*, session: Session, document_id: int, links, mentions=(),
                roadmap_id: int | None = None, happenings: dict | None = None) -> list[int]:
    """Store the linker's links for one document; return the evidence ids, in the order of ``links``.

    Idempotent on (document, commitment). Linker rows are updated (score, rationale, spans, status
    ``suggested`` or ``below_threshold``); decided rows are left as they are. Linker rows for
    commitments no longer linked are demoted to ``below_threshold`` (kept for audit). Links to a
    commitment ID the database does not hold are skipped. ``mentions`` (extractor mentions or
    ``mention`` rows) give the dates of the events the links report, when ``happenings`` is None.

    ``happenings`` (``extractors.happening.happenings``: what each link says of its happening, by
    commitment id) decide the events: a report joins or makes one; a passing mention joins the event it
    refers to, or none; a plan, an intention or a restated commitment joins none. A linker row's event
    is decided again on every run (the rules may have changed); a decided row keeps its event.
    Flushes; the caller commits.
    """
    document = session.get(Document, document_id)
    if document is None:
        raise ValueError(f"no document with id {document_id}")
    pks = _commitment_ids(session, {link.commitment_id for link in links}, roadmap_id)
    existing = {e.commitment_id: e for e in session.exec(select(Evidence).where(Evidence.document_id == document_id))}
    now = utcnow()
    ids: list[int] = []
    touched_events: dict[int, bool] = {}  # event id → this document's report of it is rejected
    left_events: set[int] = set()  # events this document no longer reports
    linked: set[int] = set()
    for link in links:
        pk = pks.get(link.commitment_id)
        if pk is None or pk in linked:
            continue
        linked.add(pk)
        row = existing.get(pk)
        if row is None:
            row = Evidence(document_id=document_id, commitment_id=pk, created_at=now)
            existing[pk] = row
        if not is_decided(row):
            row.score = float(link.score)
            row.rationale = link.rationale
            row.mention_spans = [list(s) for s in link.mention_spans]
            row.status = "suggested" if link.suggested else "below_threshold"
            row.updated_at = now
        happening = happenings.get(link.commitment_id) if happenings is not None else None
        if happening is not None and (row.event_id is None or not is_decided(row)):
            ev = event_for(session, link, happening)
            if row.event_id and (ev is None or ev.id != row.event_id):
                left_events.add(row.event_id)
            row.event_id = ev.id if ev else None
            if not is_decided(row) and happening.note:
                row.rationale = f"{row.rationale} — event: {happening.note}"
        elif happenings is None and row.event_id is None:
            ev = upsert_event(session=session, canonical_id=link.canonical_id, action=link.action,
                              date=_link_date(link, mentions, document))
            row.event_id = ev.id if ev else None
        session.add(row)
        session.flush()
        ids.append(row.id)
        if row.event_id:
            touched_events[row.event_id] = row.status == "rejected"
    for pk, row in existing.items():
        if pk not in linked and row.id is not None and not is_decided(row) and row.status == "suggested":
            row.status = "below_threshold"
            row.score = 0.0
            row.rationale = f"no longer suggested by the linker ({now:%Y-%m-%d}); was: {row.rationale}"
            row.updated_at = now
            session.add(row)
    session.flush()
    source = session.get(Source, document.source_id) if touched_events else None
    for event_id in left_events - set(touched_events):
        drop_or_refresh_event(session=session, event_id=event_id)
    for event_id, rejected in touched_events.items():
        if rejected:  # this document's report was rejected: recount from every report
            refresh_event(session=session, event_id=event_id)
        else:
            add_event_country(session=session, event_id=event_id, country=source.country if source else None)
    session.flush()
    return ids


def gazetteer_entities() -> dict[str, EntityEntry]:
    """Gazetteer entries by id (type, one_off, cadence, names...), or {} when there is no gazetteer."""
    return entities_by_id()


def recompute_statuses(*, session: Session, roadmap_slug: str | None = None,
                       commitment_ids: list[int] | None = None, as_of: dt.date | None = None) -> None:
    """Rewrite Commitment.status/score/status_rule/latest_evidence from accepted evidence.

    Restrict to one roadmap (``roadmap_slug``) or some commitments (integer ids); neither: all.
    ``as_of`` defaults to today. Flushes; the caller commits.
    """
    as_of = as_of or dt.date.today()
    q = select(Commitment, Roadmap.released).join(Roadmap, Roadmap.id == Commitment.roadmap_id)
    if roadmap_slug is not None:
        q = q.where(Roadmap.slug == roadmap_slug)
    if commitment_ids is not None:
        if not commitment_ids:
            return
        q = q.where(Commitment.id.in_(list(commitment_ids)))
    rows = session.exec(q).all()
    if not rows:
        return
    entities = gazetteer_entities()
    facts: dict[int, list[EvidenceFact]] = {c.id: [] for c, _ in rows}
    eq = (select(Evidence.commitment_id, Document.published, Document.fetched_at,
                 Event.date, Event.action, Event.canonical_id, Evidence.event_id, Evidence.origin)
          .join(Document, Document.id == Evidence.document_id)
          .outerjoin(Event, Event.id == Evidence.event_id)
          .where(Evidence.status == "accepted", Evidence.commitment_id.in_(list(facts))))
    for cpk, published, fetched_at, ev_date, action, canonical, event_id, origin in session.exec(eq):
        ent = entities.get(canonical or "")
        # the happening's date when the evidence belongs to an event: the history cut-off uses it
        date = ev_date or published or (fetched_at.date() if fetched_at else None)
        facts[cpk].append(EvidenceFact(date=date, action=action, canonical_id=canonical,
                                       entity_type=ent.type if ent else None, one_off=bool(ent and ent.one_off),
                                       happened=event_id is not None or origin == "analyst"))
    for commitment, released in rows:
        st = commitment_status(facts[commitment.id], released=released, as_of=as_of, cadence=commitment.cadence)
        commitment.status, commitment.score = st.status, st.score
        commitment.status_rule, commitment.latest_evidence = st.rule, st.latest_evidence
        session.add(commitment)
    session.flush()
