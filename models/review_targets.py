"""Finding the commitment an analyst means when moving or adding evidence: its ID in any case and with
stray spaces ("1.1-2A "), a suggestion's "1.1-2a — text", or words of its Japanese or English text."""
from __future__ import annotations

import re
import unicodedata

from sqlmodel import Session, select

from models.tables import Commitment

_CID = re.compile(r"^\s*(\d+(?:\.\d+)*-\d+[a-z]?)\b", re.IGNORECASE)


class NoSuchCommitment(ValueError):
    """No commitment, or more than one, answers what the analyst typed (the message says which)."""


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold().strip()


def _live(session: Session, roadmap_id: int | None) -> list[Commitment]:
    stmt = select(Commitment).where(Commitment.removed_in_version.is_(None))
    if roadmap_id is not None:
        stmt = stmt.where(Commitment.roadmap_id == roadmap_id)
    return list(session.exec(stmt.order_by(Commitment.order, Commitment.id)).all())


def search_commitments(*, session: Session, query: str, roadmap_id: int | None = None,
                       limit: int = 8) -> list[Commitment]:
    """Live commitments whose ID starts with ``query`` or whose Japanese or English text contains all
    its words (case and width ignored); IDs first, then texts, each in the roadmap's order."""
    q = _norm(query)
    if not q:
        return []
    words = q.split()
    by_id, by_text = [], []
    for c in _live(session, roadmap_id):
        if _norm(c.cid).startswith(q):
            by_id.append(c)
        elif all(w in _norm(f"{c.cid} {c.text_ja} {c.text_en or ''}") for w in words):
            by_text.append(c)
    return (by_id + by_text)[:max(limit, 0)]


def resolve_commitment(*, session: Session, text: str, roadmap_id: int | None = None) -> Commitment:
    """The one live commitment ``text`` names: an exact ID (any case, spaces ignored), a text starting with
    an ID, or words found in exactly one commitment's text. Raises NoSuchCommitment saying what to do."""
    if not _norm(text):
        raise NoSuchCommitment("type a commitment's ID (like 1.1-2a) or words from its text, then pick a suggestion")
    live = _live(session, roadmap_id)
    lead = _CID.match(unicodedata.normalize("NFKC", text))
    for candidate in filter(None, (_norm(text), _norm(lead.group(1)) if lead else None)):
        exact = [c for c in live if _norm(c.cid) == candidate]
        if exact:
            return exact[0]
    found = search_commitments(session=session, query=text, roadmap_id=roadmap_id, limit=6)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NoSuchCommitment(f"no commitment matches “{text.strip()}”: type an ID like 1.1-2a or words from its text")
    more = ", ".join(c.cid for c in found[:5]) + (", …" if len(found) > 5 else "")
    raise NoSuchCommitment(f"“{text.strip()}” matches several commitments ({more}): pick one from the suggestions")
