"""Rows for the evidence tests: a roadmap with a few commitments, sources of both governments, documents."""
from __future__ import annotations

import datetime as dt

from models.tables import Commitment, Document, Roadmap, Source

RELEASED = dt.date(2026, 3, 6)


def make_roadmap(session, cadences: dict[str, str | None] | None = None) -> dict[str, int]:
    """A roadmap with commitments 1.1-2a (ACSA), 1.1-2b (KAEDEx, annual), 1.5-1 (MLAT); cid -> id."""
    rm = Roadmap(slug="jp-ca-2026", title_ja="ロードマップ", released=RELEASED)
    session.add(rm)
    session.flush()
    cadences = cadences or {"1.1-2a": None, "1.1-2b": "annual", "1.5-1": None}
    out = {}
    for i, (cid, cadence) in enumerate(cadences.items()):
        section = cid.split("-")[0]
        c = Commitment(roadmap_id=rm.id, cid=cid, chapter=section.split(".")[0], section=section,
                       kind="bullet", order=i, text_ja=f"約束 {cid}", cadence=cadence)
        session.add(c)
        session.flush()
        out[cid] = c.id
    return out


def make_sources(session) -> dict[str, int]:
    out = {}
    for name, country in (("mofa_press_ja", "JP"), ("gac_news_en", "CA"), ("newswire_en", "")):
        s = Source(name=name, country=country, lang="en")
        session.add(s)
        session.flush()
        out[name] = s.id
    return out


def make_document(session, source_id: int, url: str, published: dt.date | None, body: str = "text",
                  copy_of_id: int | None = None) -> int:
    d = Document(canonical_url=url, source_id=source_id, body=body, content_hash=url,
                 published=published, copy_of_id=copy_of_id)
    session.add(d)
    session.flush()
    return d.id
