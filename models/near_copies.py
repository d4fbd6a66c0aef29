"""Finding the original a release re-publishes: the same fingerprint, or a near-identical text
published within a few days by another source or host (Jaccard of shingles ≥ COPY_SIMILARITY).

Shingles of stored documents are cached per (document id, content hash), so a back-fill compares
each release with its window's documents without re-reading and re-shingling their bodies.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import timedelta
from functools import lru_cache
from urllib.parse import urlsplit

import numpy as np
from sqlmodel import Session, select

from domain.fingerprints import jaccard, normalise_body, shingles
from models.tables import Document

COPY_WINDOW_DAYS = 3
COPY_SIMILARITY = 0.85
MAX_COPY_CANDIDATES = 200
MIN_COPY_CHARS = 80


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


def may_be_copied(release) -> bool:
    """Whether near-copy detection applies to the release (it has a date and some length)."""
    return release.published is not None and len(release.body or "") >= 2 * MIN_COPY_CHARS


def _near_duplicate(session: Session, release, elsewhere) -> Document | None:
    if not may_be_copied(release):
        return None
    rows = [row for row in _window(session, release.published) if row[2] != release.canonical_url]
    candidates = [row for row in rows[:MAX_COPY_CANDIDATES] if elsewhere(row[1], row[2])]
    if not candidates:
        return None
    mine = _text_shingles(normalise_body(release.body))
    theirs_by_id = _stored_shingles(session, [(doc_id, content_hash) for doc_id, _, _, content_hash in candidates])
    best, best_score = None, COPY_SIMILARITY
    for doc_id, _, _, _ in candidates:
        theirs = theirs_by_id[doc_id]
        if not mine.size or not theirs.size or min(mine.size, theirs.size) < best_score * max(mine.size, theirs.size):
            continue  # Jaccard can be at most the ratio of the sizes
        score = jaccard(mine, theirs)
        if score >= best_score:
            best, best_score = doc_id, score
    return session.get(Document, best) if best is not None else None


def _window(session: Session, day) -> list[tuple]:
    """(id, source id, URL, content hash) of the documents published within COPY_WINDOW_DAYS of ``day``,
    by id, at most one more than MAX_COPY_CANDIDATES.

    Kept for the rest of the session's transaction: a back-fill stores several releases a day, and
    what it stores itself is added by ``note_stored``. What a concurrent run commits meanwhile is seen
    from the next transaction on, as it would be if the two transactions had overlapped anyway.
    """
    transaction = session.get_transaction()
    cached_for, windows = session.info.get(_WINDOWS, (None, {}))
    if transaction is None or cached_for is not transaction:
        windows = {}
    if day not in windows:
        span = timedelta(days=COPY_WINDOW_DAYS)
        windows[day] = list(session.exec(
            select(Document.id, Document.source_id, Document.canonical_url, Document.content_hash)
            .where(Document.published >= day - span, Document.published <= day + span)
            .order_by(Document.id).limit(MAX_COPY_CANDIDATES + 1)).all())
        session.info[_WINDOWS] = (session.get_transaction(), windows)
    return windows[day]


def note_stored(session: Session, doc: Document, *, new: bool) -> None:
    """Keep the session's cached windows true after storing ``doc`` (flushed): a new document joins
    the windows around its date; a revised one (its hash changed) empties them."""
    cached_for, windows = session.info.get(_WINDOWS, (None, {}))
    if cached_for is not session.get_transaction() or not windows:
        return
    if not new:
        windows.clear()
        return
    span = timedelta(days=COPY_WINDOW_DAYS)
    for day, rows in windows.items():
        if doc.published is not None and abs(doc.published - day) <= span and len(rows) <= MAX_COPY_CANDIDATES:
            rows.append((doc.id, doc.source_id, doc.canonical_url, doc.content_hash))


_WINDOWS = "near_copy_windows"
_SHINGLE_CACHE: OrderedDict[tuple[int, str], np.ndarray] = OrderedDict()
# A back-fill's copy window needs a few dozen documents; a second source back-filled after a first
# needs all of the first's again. Bounded by memory: 8 bytes a shingle, ~3 KB for a short release,
# ~20 KB for a long one, so 48 MB holds some 2,500 to 19,000 documents.
_SHINGLE_CACHE_BYTES = 48 * 1024 * 1024
_ENTRY_OVERHEAD = 200  # bytes: the key, the array header, the dict slot
_cached_bytes = 0
_SHINGLE_LOCK = threading.Lock()


def _stored_shingles(session: Session, keys: list[tuple[int, str]]) -> dict[int, np.ndarray]:
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
            out[doc_id] = shingles(normalise_body(body))
            _remember((doc_id, content_hash), out[doc_id])
    return out


def remember_shingles(*, document_id: int, fingerprint: str, body: str) -> None:
    """Keep a just-stored document's shingles: it is a copy candidate for the releases stored after it."""
    _remember((document_id, fingerprint), _text_shingles(normalise_body(body)))


def _remember(key: tuple[int, str], value: np.ndarray) -> None:
    global _cached_bytes
    with _SHINGLE_LOCK:
        old = _SHINGLE_CACHE.pop(key, None)
        if old is not None:
            _cached_bytes -= old.nbytes + _ENTRY_OVERHEAD
        _SHINGLE_CACHE[key] = value
        _cached_bytes += value.nbytes + _ENTRY_OVERHEAD
        while _cached_bytes > _SHINGLE_CACHE_BYTES and len(_SHINGLE_CACHE) > 1:
            _, dropped = _SHINGLE_CACHE.popitem(last=False)
            _cached_bytes -= dropped.nbytes + _ENTRY_OVERHEAD


@lru_cache(maxsize=8)  # a release's own shingles: compared with its candidates, then remembered once stored
def _text_shingles(normalised: str) -> np.ndarray:
    return shingles(normalised)
