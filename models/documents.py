"""Storing releases idempotently: one Document per canonical URL, a revision per distinct text,
and copies (a newswire re-publication with its own dateline) pointing at the original.

The content hash is a fingerprint of the *normalised* body (datelines, newswire trailers, spacing
and case removed), so the same release published elsewhere has the same hash, and a page that
only changed its markup is not a new revision.
"""
from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models.tables import Document, DocumentRevision, utcnow

COPY_WINDOW_DAYS = 3
COPY_SIMILARITY = 0.85
MAX_COPY_CANDIDATES = 200
MIN_COPY_CHARS = 80

_NEWSWIRE_DATELINE = re.compile(
    r"^[^\n]{0,120}?/\s*(?:CNW|PRNewswire|Newswire|Canada NewsWire|Business Wire|Globe Newswire|Marketwired)\s*/\s*[-–—]*\s*",
    re.IGNORECASE)
_GOV_DATELINE = re.compile(
    r"^(?:(?:le\s+)?\d{1,2}(?:er)?\s+\w+\.?\s+\d{4}|\w+\.?\s+\d{1,2},?\s+\d{4})\s*[-–—]\s*[^\n]{0,80}?[-–—]\s*[^\n]{0,80}?(?:\n|$)",
    re.IGNORECASE)
_TRAILERS = re.compile(r"(?m)^\s*(?:SOURCE\s+\S.*|View original content.*|Voir le contenu original.*|"
                       r"For further information:.*|Renseignements\s*:.*)$[\s\S]*\Z")


@dataclass(frozen=True)
class StoreOutcome:
    document_id: int
    status: str  # new | revised | unchanged | copy
    revision: int = 1


@lru_cache(maxsize=32)  # storing one release normalises its body three times (fingerprint, exact and near copy)
def normalise_body(text: str) -> str:
    """The release text with datelines, newswire trailers, punctuation spacing and case removed."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    text = _TRAILERS.sub("", text)
    text = _NEWSWIRE_DATELINE.sub("", text, count=1)
    text = _GOV_DATELINE.sub("", text, count=1)
    return re.sub(r"\s+", " ", text).strip().casefold()


def content_fingerprint(body: str) -> str:
    """sha256 of the normalised body: equal for a release and its re-publications."""
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()


def store_release(*, session: Session, source_id: int, release, commit: bool = True) -> StoreOutcome:
    """Store a parsed release (``sources.release.ParsedRelease``) and commit.

    New canonical URL → a Document (status ``new``, or ``copy`` with ``copy_of_id`` when the same text
    is already stored under another URL). Known URL with the same fingerprint → ``unchanged`` (a fixed
    title is updated in place); with a new one → a new DocumentRevision, the Document shows it
    (``revised``). Safe against a concurrent run storing the same URL: a unique-constraint conflict is
    rolled back and the decision taken again on what the other run stored. Pending changes in
    ``session`` are committed with it.

    ``commit=False`` (batched storing) only flushes: a conflict then raises IntegrityError and the
    caller rolls back and stores its whole batch again (every decision is re-taken, so that is safe).
    """
    fingerprint = content_fingerprint(release.body)
    if not commit:
        outcome = _store_once(session, source_id, release, fingerprint)
        session.flush()
        return outcome
    for _attempt in range(3):
        try:
            outcome = _store_once(session, source_id, release, fingerprint)
            session.commit()
            return outcome
        except IntegrityError:
            session.rollback()  # another run stored this URL or revision first; look again
    raise RuntimeError(f"could not store {release.canonical_url}: repeated conflicts")


def _store_once(session: Session, source_id: int, release, fingerprint: str) -> StoreOutcome:
    doc = session.exec(select(Document).where(Document.canonical_url == release.canonical_url)).first()
    if doc is None:
        return _insert(session, source_id, release, fingerprint)
    if doc.content_hash == fingerprint or _known_revision(session, doc.id, fingerprint):
        if release.title and doc.title != release.title and doc.content_hash == fingerprint:
            doc.title = release.title
            session.add(doc)
        return StoreOutcome(doc.id, "unchanged", doc.revision)
    doc.revision += 1
    session.add(DocumentRevision(document_id=doc.id, revision=doc.revision, content_hash=fingerprint,
                                 title=release.title, body=release.body))
    doc.title, doc.body, doc.content_hash = release.title, release.body, fingerprint
    doc.published = release.published or doc.published
    doc.content_type, doc.lang, doc.fetched_at = release.content_type or doc.content_type, release.lang or doc.lang, utcnow()
    session.add(doc)
    session.flush()
    return StoreOutcome(doc.id, "revised", doc.revision)


def _insert(session: Session, source_id: int, release, fingerprint: str) -> StoreOutcome:
    original = find_original(session=session, release=release, fingerprint=fingerprint, source_id=source_id)
    doc = Document(canonical_url=release.canonical_url, source_id=source_id, lang=release.lang or "",
                   title=release.title, published=release.published, content_type=release.content_type or "",
                   body=release.body, content_hash=fingerprint, revision=1,
                   copy_of_id=original.id if original else None)
    session.add(doc)
    session.flush()
    session.add(DocumentRevision(document_id=doc.id, revision=1, content_hash=fingerprint,
                                 title=release.title, body=release.body))
    if _may_be_copied(release):  # it will be a copy candidate for the next releases: shingle it once, now
        _remember_shingles((doc.id, fingerprint), _text_shingles(normalise_body(release.body)))
    return StoreOutcome(doc.id, "copy" if original else "new", 1)


def _known_revision(session: Session, document_id: int, fingerprint: str) -> bool:
    """A page that flips back to an earlier text is not a new revision (the pair is unique anyway)."""
    return session.exec(select(DocumentRevision.id).where(DocumentRevision.document_id == document_id,
                                                          DocumentRevision.content_hash == fingerprint)).first() is not None


def find_original(*, session: Session, release, fingerprint: str, source_id: int | None = None) -> Document | None:
    """The stored document this release re-publishes, if any: same fingerprint, or a near-identical
    normalised body published within a few days. Copies of copies resolve to the first original.

    Only a document from another source, or from another host, can be the original: two releases
    of one ministry that share a template (same wording, other names or dates) are each their own.
    """
    def elsewhere(doc_source_id: int, url: str) -> bool:
        return source_id is None or doc_source_id != source_id or _host(url) != host

    host = _host(release.canonical_url)
    exact = None
    if len(normalise_body(release.body)) >= MIN_COPY_CHARS:  # two empty pages are not copies of each other
        same_text = session.exec(select(Document).where(Document.content_hash == fingerprint,
                                                        Document.canonical_url != release.canonical_url)
                                 .order_by(Document.id).limit(MAX_COPY_CANDIDATES)).all()
        exact = next((d for d in same_text if elsewhere(d.source_id, d.canonical_url)), None)
    match = exact or _near_duplicate(session, release, elsewhere)
    while match is not None and match.copy_of_id is not None:
        match = session.get(Document, match.copy_of_id)
    return match


def _host(url: str) -> str:
    host = (urlsplit(url or "").hostname or "").lower()
    return host.removeprefix("www.")


def _may_be_copied(release) -> bool:
    """Whether near-copy detection applies to the release (it has a date and some length)."""
    return release.published is not None and len(release.body or "") >= 2 * MIN_COPY_CHARS


def _near_duplicate(session: Session, release, elsewhere) -> Document | None:
    if not _may_be_copied(release):
        return None
    window = timedelta(days=COPY_WINDOW_DAYS)
    candidates = [row for row in session.exec(
        select(Document.id, Document.source_id, Document.canonical_url, Document.content_hash)
        .where(Document.published >= release.published - window, Document.published <= release.published + window,
               Document.canonical_url != release.canonical_url)
        .order_by(Document.id).limit(MAX_COPY_CANDIDATES)).all() if elsewhere(row[1], row[2])]
    if not candidates:
        return None
    mine = _text_shingles(normalise_body(release.body))
    theirs_by_id = _stored_shingles(session, [(doc_id, content_hash) for doc_id, _, _, content_hash in candidates])
    best, best_score = None, COPY_SIMILARITY
    for doc_id, _, _, _ in candidates:
        theirs = theirs_by_id[doc_id]
        if not mine or not theirs or min(len(mine), len(theirs)) < best_score * max(len(mine), len(theirs)):
            continue  # Jaccard can be at most the ratio of the sizes
        score = len(mine & theirs) / len(mine | theirs)
        if score >= best_score:
            best, best_score = doc_id, score
    return session.get(Document, best) if best is not None else None


_SHINGLE_CACHE: OrderedDict[tuple[int, str], frozenset[int]] = OrderedDict()
_SHINGLE_CACHE_SIZE = 256  # documents; a back-fill's copy window needs a few dozen
_SHINGLE_LOCK = threading.Lock()


def _stored_shingles(session: Session, keys: list[tuple[int, str]]) -> dict[int, frozenset[int]]:
    """Shingles of stored documents by id, computed once per (id, content hash) and kept for the next release."""
    out, missing = {}, []
    with _SHINGLE_LOCK:
        for key in keys:
            if key in _SHINGLE_CACHE:
                _SHINGLE_CACHE.move_to_end(key)
                out[key[0]] = _SHINGLE_CACHE[key]
            else:
                missing.append(key[0])
    if missing:
        for doc_id, content_hash, body in session.exec(
                select(Document.id, Document.content_hash, Document.body).where(Document.id.in_(missing))):
            out[doc_id] = _shingles(normalise_body(body))
            _remember_shingles((doc_id, content_hash), out[doc_id])
    return out


def _remember_shingles(key: tuple[int, str], shingles: frozenset[int]) -> None:
    with _SHINGLE_LOCK:
        _SHINGLE_CACHE[key] = shingles
        _SHINGLE_CACHE.move_to_end(key)
        while len(_SHINGLE_CACHE) > _SHINGLE_CACHE_SIZE:
            _SHINGLE_CACHE.popitem(last=False)


@lru_cache(maxsize=8)  # a release's own shingles: compared with its candidates, then remembered once stored
def _text_shingles(normalised: str) -> frozenset[int]:
    return _shingles(normalised)


def _shingles(text: str, size: int = 8) -> frozenset[int]:
    compact = re.sub(r"[\s\W]+", "", text)
    return frozenset(hash(compact[i:i + size]) for i in range(max(0, len(compact) - size + 1)))


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
    return [{"id": d.id, "source": name, "url": d.canonical_url, "title": d.title,
             "published": d.published.isoformat() if d.published else None, "lang": d.lang,
             "content_type": d.content_type, "revision": d.revision, "copy_of_id": d.copy_of_id,
             "fetched_at": d.fetched_at.isoformat(timespec="seconds") if d.fetched_at else None}
            for d, name in session.exec(query).all()]
