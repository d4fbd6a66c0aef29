"""Extract → link → store: turn fetched documents into mentions and evidence suggestions.

A plain function (the Prefect flow in ``flows.pipeline_flows`` wraps it). Documents are extracted
and committed in batches of BATCH, so a failure part-way keeps the batches already done, and any run
can be re-run (a document is marked processed in the same commit as its mentions and evidence).

One document cannot stop the others: each is processed in a savepoint; one that fails is rolled back,
marked with the reason and counted (``Document.process_failures``), and the run goes on. The next
runs try it again, MAX_ATTEMPTS times in all for a revision; a new revision starts the count again.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, delete, select

from config.roadmap_data import load_bundle
from config.settings import get_settings
from extractors.happening import happenings
from extractors.linker import Linker
from extractors.types import DocumentInput
from models.db import get_engine
from models.evidence import store_links
from models.tables import Document, Evidence, Mention, Roadmap


BATCH = 50  # documents committed together at most
MAX_ATTEMPTS = 3  # runs that may fail on one revision of a document before it is left aside
REASON_CHARS = 500

log = logging.getLogger(__name__)


class RoadmapNotLoaded(RuntimeError):
    """The roadmap the linker reads from config has no rows in the database yet."""


@dataclass
class ProcessSummary:
    documents: int = 0
    mentions: int = 0
    suggestions: int = 0
    evidence_ids: list[int] = field(default_factory=list)  # evidence now suggested to analysts
    failed: dict[int, str] = field(default_factory=dict)  # document id -> why it could not be processed
    truncated: list[int] = field(default_factory=list)  # documents read only in part (too long)


def _select(session: Session, document_ids, since, until, reprocess: bool) -> list[int]:
    q = select(col(Document.id)).order_by(col(Document.id))
    if document_ids is not None:
        q = q.where(col(Document.id).in_(list(document_ids)))
    if since is not None:
        q = q.where(Document.published >= since)
    if until is not None:
        q = q.where(Document.published <= until)
    if not reprocess:
        q = q.where(Document.processed_revision != Document.revision, Document.process_failures < MAX_ATTEMPTS)
    return [i for i in session.exec(q) if i is not None]  # primary keys of stored rows: never None


def store_mentions(*, session: Session, document: Document, mentions) -> int:
    """Replace the mentions stored for the document's current revision; returns how many were stored."""
    if document.processed_revision == document.revision:  # processed before: replace; else none are stored yet
        session.exec(delete(Mention).where(col(Mention.document_id) == document.id,
                                          col(Mention.revision) == document.revision))
    assert document.id is not None  # a stored document: its rows hang on its primary key
    seen = set()
    for m in mentions:
        key = (m.start, m.end, m.type)
        if key in seen:
            continue
        seen.add(key)
        session.add(Mention(document_id=document.id, revision=document.revision, type=m.type, text=m.text,
                            start=m.start, end=m.end, sentence=m.sentence, canonical_id=m.canonical_id,
                            action=m.action, date=m.date, countries=list(m.countries), lang=m.lang))
    return len(seen)


def _process_batch(session: Session, ids: list[int], extract_mentions, linker, roadmap_id: int,
                   summary: ProcessSummary) -> None:
    documents = session.exec(select(Document).where(col(Document.id).in_(ids)).order_by(col(Document.id))).all()
    for document in documents:
        try:
            with session.begin_nested():
                _process_one(session, document, extract_mentions, linker, roadmap_id, summary)
        except OperationalError:
            raise  # the database is away: no document can be processed, the run fails as a whole
        except Exception as exc:  # noqa: BLE001 - a poison document must not stop the others; logged in full
            log.exception("document %s could not be processed", document.id)
            reason = _mark_failed(session, document, f"{type(exc).__name__}: {exc}")
            assert document.id is not None  # read from the database
            summary.failed[document.id] = reason


def _mark_failed(session: Session, document: Document, reason: str) -> str:
    """Count one failure on the document; returns the reason as stored."""
    session.refresh(document)  # the savepoint's rollback expired it
    document.process_failures += 1
    document.process_error = stored = reason[:REASON_CHARS]
    session.add(document)
    session.flush()
    return stored


def _process_one(session: Session, document: Document, extract_mentions, linker, roadmap_id: int,
                 summary: ProcessSummary) -> None:
    from extractors.extract import extraction_limit

    assert document.id is not None  # read from the database
    note = extraction_limit(document.body)
    if note:
        summary.truncated.append(document.id)
        log.warning("document %s: %s", document.id, note)
    mentions = extract_mentions(document.body, lang=document.lang or None)
    doc = DocumentInput(id=str(document.id), text=document.body, title=document.title,
                        lang=document.lang or None, url=document.canonical_url, published=document.published)
    links = linker.link(doc, mentions)
    stored = store_mentions(session=session, document=document, mentions=mentions)
    evidence_ids: list[int] = []
    if links or document.processed_revision:  # else no link, and no earlier suggestion to withdraw
        evidence_ids = store_links(session=session, document_id=document.id, links=links, mentions=mentions,
                                   roadmap_id=roadmap_id, happenings=happenings(doc, links, mentions))
    suggested: list[int] = []
    if evidence_ids:
        suggested = [i for i in session.exec(select(col(Evidence.id)).where(col(Evidence.id).in_(evidence_ids),
                                                                            Evidence.status == "suggested"))
                     if i is not None]  # primary keys: never None
    document.processed_revision = document.revision
    document.process_failures, document.process_error = 0, None
    session.add(document)
    session.flush()
    summary.documents += 1
    summary.mentions += stored
    summary.suggestions += len(suggested)
    summary.evidence_ids.extend(suggested)


def process_documents(*, document_ids: list[int] | None = None, since: dt.date | None = None,
                      until: dt.date | None = None, engine=None, reprocess: bool | None = None) -> ProcessSummary:
    """Extract mentions, link them to the current roadmap's commitments and store both.

    Without arguments: every document not yet processed at its current revision. ``document_ids`` and
    ``since``/``until`` (publication dates) narrow the selection. ``reprocess`` (default: True when a
    date range is given, e.g. after a gazetteer change) also takes documents already processed.
    Analysts' decisions survive re-processing (see ``models.evidence.store_links``).
    Raises RoadmapNotLoaded when the roadmap is not in the database.
    """
    from extractors.extract import extract_mentions  # the spaCy pipelines load on first use

    if reprocess is None:
        reprocess = since is not None or until is not None
    engine = engine or get_engine()
    bundle = load_bundle()
    linker = Linker(bundle.commitment_infos(), threshold=get_settings().link_threshold)
    summary = ProcessSummary()
    with Session(engine, expire_on_commit=False) as session:
        roadmap = session.exec(select(Roadmap).where(Roadmap.slug == bundle.slug)).first()
        if roadmap is None:
            raise RoadmapNotLoaded(f"roadmap {bundle.slug!r} is not in the database: run `roadmap init` first")
        assert roadmap.id is not None  # read from the database
        ids = _select(session, document_ids, since, until, reprocess)
        start, size = 0, 1  # batches grow 1, 2, 4... up to BATCH: the first documents show up at once
        while start < len(ids):
            _process_batch(session, ids[start:start + size], extract_mentions, linker, roadmap.id, summary)
            session.commit()  # a batch at a time: a kill loses at most one batch, redone by the next run
            start, size = start + size, min(2 * size, BATCH)
    return summary
