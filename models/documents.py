"""Storing releases idempotently: one Document per canonical URL, a revision per distinct text,
and copies (a newswire re-publication with its own dateline) pointing at the original.

The content hash is a fingerprint of the *normalised* body (``domain.fingerprints``), so the same
release published elsewhere has the same hash, and a page that only changed its markup is not a new
revision. Copies are found by ``models.near_copies``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, select

from domain.fingerprints import content_fingerprint, normalise_body
from models.near_copies import find_original, may_be_copied, note_stored, remember_shingles
from models.source_hosts import speaks_for
from models.tables import Document, DocumentRevision, Source, utcnow
from models.text_controls import without_invisible_controls
from models.upserts import insert_on_conflict

__all__ = ["StoreConflict", "StoreOutcome", "content_fingerprint", "find_original", "list_documents", "normalise_body",
           "store_release"]


ATTEMPTS = 5  # decisions re-taken after a concurrent run wrote the same URL, before StoreConflict


class StoreConflict(RuntimeError):
    """Concurrent runs kept changing one document while this run decided how to store it."""


@dataclass(frozen=True)
class StoreOutcome:
    document_id: int
    status: str  # new | revised | unchanged | copy
    revision: int = 1


def store_release(*, session: Session, source_id: int, release, commit: bool = True,
                  page_url: str | None = None) -> StoreOutcome:
    """Store a parsed release (``sources.release.ParsedRelease``) read from ``page_url`` and commit.

    The release's canonical URL is taken only when it is on the page's own site or a site the source
    speaks for (``models.source_hosts``); a page claiming another site's URL is stored at ``page_url``
    as a document of its own, linked as a copy of the document it claims to be, never as its revision.
    Without ``page_url`` the caller vouches that the page was read at its canonical URL.

    New canonical URL → a Document (status ``new``, or ``copy`` with ``copy_of_id`` when the same text
    is already stored under another URL). Known URL with the same fingerprint → ``unchanged`` (a fixed
    title is updated in place); with a new one → a new DocumentRevision, the Document shows it
    (``revised``). Rows are written with ``INSERT … ON CONFLICT DO NOTHING``: when a concurrent run
    stored the same URL or revision first, the decision is taken again on what it stored (StoreConflict
    if that keeps happening). Pending changes in ``session`` are committed with it; ``commit=False``
    (batched storing) leaves the commit to the caller.
    """
    fingerprint = content_fingerprint(release.body)
    release = replace(release, title=without_invisible_controls(release.title))
    claimed = None
    if page_url and page_url != release.canonical_url:
        source = session.get(Source, source_id)
        if source is None or not speaks_for(source, release.canonical_url, page_url=page_url):
            claimed, release = release.canonical_url, replace(release, canonical_url=page_url)
    for _attempt in range(ATTEMPTS):
        outcome = _store_once(session, source_id, release, fingerprint, claimed)
        if outcome is not None:
            if commit:
                session.commit()
            return outcome
    raise StoreConflict(f"could not store {release.canonical_url}: other runs changed it {ATTEMPTS} times in a row "
                        "while this one was deciding")


def _store_once(session: Session, source_id: int, release, fingerprint: str,
                claimed: str | None) -> StoreOutcome | None:
    """The outcome, or None when a concurrent run wrote this URL or revision first (decide again)."""
    doc = _by_url(session, release.canonical_url)
    if doc is None:
        return _insert(session, source_id, release, fingerprint, claimed)
    if doc.content_hash == fingerprint or _known_revision(session, doc.id, fingerprint):
        if release.title and doc.title != release.title and doc.content_hash == fingerprint:
            doc.title = release.title
            session.add(doc)
        return StoreOutcome(doc.id, "unchanged", doc.revision)
    revision = _insert_row(session, DocumentRevision, document_id=doc.id, revision=doc.revision + 1,
                           content_hash=fingerprint, title=release.title, body=release.body, fetched_at=utcnow())
    if revision is None:  # that revision number or text was stored by another run: read the document again
        session.refresh(doc)
        return None
    doc.revision += 1
    doc.title, doc.body, doc.content_hash = release.title, release.body, fingerprint
    doc.process_failures, doc.process_error = 0, None  # a new text gets its own processing attempts
    doc.published = release.published or doc.published
    doc.content_type, doc.lang, doc.fetched_at = release.content_type or doc.content_type, release.lang or doc.lang, utcnow()
    session.add(doc)
    session.flush()
    note_stored(session, doc, new=False)
    return StoreOutcome(doc.id, "revised", doc.revision)


def _insert(session: Session, source_id: int, release, fingerprint: str, claimed: str | None) -> StoreOutcome | None:
    original = find_original(session=session, release=release, fingerprint=fingerprint, source_id=source_id)
    if original is None and claimed is not None:  # it says it is that document: a copy at best
        original = _by_url(session, claimed)
        while original is not None and original.copy_of_id is not None:
            original = session.get(Document, original.copy_of_id)
    doc = _insert_row(session, Document, canonical_url=release.canonical_url, source_id=source_id,
                      lang=release.lang or "", title=release.title, published=release.published,
                      content_type=release.content_type or "", body=release.body, content_hash=fingerprint,
                      revision=1, fetched_at=utcnow(), copy_of_id=original.id if original else None)
    if doc is None:  # another run stored this URL first
        return None
    _insert_row(session, DocumentRevision, document_id=doc.id, revision=1, content_hash=fingerprint,
                title=release.title, body=release.body, fetched_at=utcnow())
    note_stored(session, doc, new=True)
    if may_be_copied(release):  # it will be a copy candidate for the next releases: shingle it once, now
        remember_shingles(document_id=doc.id, fingerprint=fingerprint, body=release.body)
    return StoreOutcome(doc.id, "copy" if original else "new", 1)


def _insert_row(session: Session, model, **values):
    """``INSERT … ON CONFLICT DO NOTHING RETURNING``: the new row, or None if a unique key already held it."""
    stmt = insert_on_conflict(session, model).values(**values).on_conflict_do_nothing().returning(model)
    return session.execute(stmt).scalars().first()


def _by_url(session: Session, url: str) -> Document | None:
    return session.exec(select(Document).where(Document.canonical_url == url)).first()


def _known_revision(session: Session, document_id: int, fingerprint: str) -> bool:
    """A page that flips back to an earlier text is not a new revision (the pair is unique anyway)."""
    return session.exec(select(DocumentRevision.id).where(DocumentRevision.document_id == document_id,
                                                          DocumentRevision.content_hash == fingerprint)).first() is not None


def list_documents(*, session: Session, source: str | None = None, since=None, limit: int | None = None) -> list[dict]:
    """Stored documents, newest first, as plain dicts (id, source, url, title, published, lang,
    content_type, revision, copy_of_id, fetched_at); optionally one source's, published on or after ``since``."""
    from models.tables import Source

    query = select(Document, Source.name).join(Source, Source.id == Document.source_id)
    if source:
        query = query.where(Source.name == source)
    if since:
        query = query.where(Document.published >= since)
    query = query.order_by(Document.published.desc(), Document.id.desc())
    if limit:
        query = query.limit(limit)
    return [{"id": d.id, "source": name, "url": d.canonical_url, "title": without_invisible_controls(d.title),
             "published": d.published.isoformat() if d.published else None, "lang": d.lang,
             "content_type": d.content_type, "revision": d.revision, "copy_of_id": d.copy_of_id,
             "fetched_at": d.fetched_at.isoformat(timespec="seconds") if d.fetched_at else None}
            for d, name in session.exec(query).all()]
