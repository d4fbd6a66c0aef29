"""Storing links as evidence: idempotent, and never overwriting an analyst's decision."""
from __future__ import annotations

import datetime as dt

from sqlmodel import select

from extractors.types import Link, Mention
from models.evidence import recompute_statuses, store_links
from models.tables import Commitment, Event, Evidence
from tests.support.link_fixtures import make_document, make_roadmap, make_sources


def _link(cid="1.1-2a", score=0.8, suggested=True, action="entered_into_force", canonical="acsa"):
    return Link(commitment_id=cid, section=cid.split("-")[0], score=score, rationale=f"mentions {canonical}",
                mention_spans=((0, 4),), action=action, canonical_id=canonical, suggested=suggested)


def _setup(session):
    cids = make_roadmap(session)
    src = make_sources(session)
    doc = make_document(session, src["mofa_press_ja"], "https://example.test/a", dt.date(2026, 4, 1))
    return cids, src, doc


def test_store_links_is_idempotent(session):
    cids, _, doc = _setup(session)
    first = store_links(session=session, document_id=doc, links=[_link(), _link("1.5-1", 0.3, False)], mentions=[])
    again = store_links(session=session, document_id=doc, links=[_link(), _link("1.5-1", 0.3, False)], mentions=[])
    session.commit()
    assert first == again and len(first) == 2
    rows = session.exec(select(Evidence).order_by(Evidence.id)).all()
    assert [(r.commitment_id, r.status) for r in rows] == [(cids["1.1-2a"], "suggested"),
                                                           (cids["1.5-1"], "below_threshold")]
    assert rows[0].mention_spans == [[0, 4]]


def test_relinking_keeps_analyst_decisions(session):
    cids, _, doc = _setup(session)
    ids = store_links(session=session, document_id=doc, links=[_link(), _link("1.5-1", 0.7)], mentions=[])
    accepted, rejected = session.get(Evidence, ids[0]), session.get(Evidence, ids[1])
    accepted.status, rejected.status = "accepted", "rejected"
    manual = Evidence(document_id=doc, commitment_id=cids["1.1-2b"], status="suggested", origin="analyst",
                      score=1.0, rationale="added by analyst")
    session.add_all([accepted, rejected, manual])
    session.commit()
    # After a gazetteer change the linker scores differently and no longer sees 1.1-2b at all.
    store_links(session=session, document_id=doc,
                links=[_link(score=0.1, suggested=False), _link("1.5-1", 0.9)], mentions=[])
    session.commit()
    by_cid = {r.commitment_id: r for r in session.exec(select(Evidence))}
    assert by_cid[cids["1.1-2a"]].status == "accepted" and by_cid[cids["1.1-2a"]].score == 0.8
    assert by_cid[cids["1.5-1"]].status == "rejected"
    assert by_cid[cids["1.1-2b"]].status == "suggested" and by_cid[cids["1.1-2b"]].rationale == "added by analyst"


def test_stale_linker_suggestion_is_demoted_not_deleted(session):
    cids, _, doc = _setup(session)
    store_links(session=session, document_id=doc, links=[_link(), _link("1.5-1", 0.7)], mentions=[])
    store_links(session=session, document_id=doc, links=[_link()], mentions=[])
    session.commit()
    stale = session.exec(select(Evidence).where(Evidence.commitment_id == cids["1.5-1"])).one()
    assert stale.status == "below_threshold" and "no longer suggested" in stale.rationale


def test_unknown_commitment_is_skipped(session):
    _, _, doc = _setup(session)
    assert store_links(session=session, document_id=doc, links=[_link("9.9-9")], mentions=[]) == []


def test_both_governments_and_a_newswire_make_one_event(session):
    cids, src, _ = _setup(session)
    jp = make_document(session, src["mofa_press_ja"], "https://mofa.test/1", dt.date(2026, 5, 12))
    ca = make_document(session, src["gac_news_en"], "https://gac.test/1", dt.date(2026, 5, 11))
    wire = make_document(session, src["newswire_en"], "https://wire.test/1", dt.date(2026, 5, 13), copy_of_id=ca)
    dated = Mention(type="agreement", text="MLAT", start=0, end=4, sentence="MLAT", sentence_start=0,
                    canonical_id="jp-ca-mlat", action="entered_into_force", date=dt.date(2026, 5, 11))
    for doc in (jp, ca, wire):
        store_links(session=session, document_id=doc, mentions=[dated] if doc == ca else [],
                    links=[_link("1.5-1", 0.9, canonical="jp-ca-mlat")])
    session.commit()
    events = session.exec(select(Event)).all()
    assert len(events) == 1
    ev = events[0]
    assert ev.key.startswith("jp-ca-mlat|entered_into_force|") and ev.date == dt.date(2026, 5, 11)
    assert sorted(ev.countries) == ["CA", "JP"] and ev.confirmed_by_both
    docs = session.exec(select(Evidence.document_id).where(Evidence.event_id == ev.id)).all()
    assert sorted(docs) == sorted([jp, ca, wire])


def test_one_government_alone_is_not_confirmed_by_both(session):
    _, src, _ = _setup(session)
    ca = make_document(session, src["gac_news_en"], "https://gac.test/2", dt.date(2026, 5, 11))
    wire = make_document(session, src["newswire_en"], "https://wire.test/2", dt.date(2026, 5, 12))
    for doc in (ca, wire):
        store_links(session=session, document_id=doc, mentions=[], links=[_link("1.5-1", 0.9, canonical="jp-ca-mlat")])
    session.commit()
    ev = session.exec(select(Event)).one()
    assert ev.countries == ["CA"] and not ev.confirmed_by_both


def test_background_mention_makes_no_event(session):
    _, _, doc = _setup(session)
    store_links(session=session, document_id=doc, mentions=[], links=[_link(action=None)])
    session.commit()
    assert session.exec(select(Event)).all() == []


def test_recompute_statuses_from_accepted_evidence(session, tmp_path, monkeypatch):
    from config.settings import get_settings

    gaz = tmp_path / "entities.yaml"
    gaz.write_text("entities:\n- {id: jp-ca-mlat, type: agreement, one_off: true, names: {en: [MLAT]}}\n", encoding="utf-8")
    monkeypatch.setenv("ROADMAP_ENTITIES_FILE", str(gaz))
    get_settings.cache_clear()
    cids, src, _ = _setup(session)
    doc = make_document(session, src["gac_news_en"], "https://gac.test/3", dt.date(2026, 6, 1))
    ids = store_links(session=session, document_id=doc, mentions=[],
                      links=[_link("1.5-1", 0.9, canonical="jp-ca-mlat")])
    recompute_statuses(session=session, roadmap_slug="other-roadmap", as_of=dt.date(2026, 7, 1))
    assert session.get(Commitment, cids["1.5-1"]).status_rule == ""  # another roadmap's commitments only
    recompute_statuses(session=session, commitment_ids=[cids["1.5-1"]], as_of=dt.date(2026, 7, 1))
    session.commit()
    assert session.get(Commitment, cids["1.5-1"]).status == "no evidence"  # only a suggestion so far
    ev = session.get(Evidence, ids[0])
    ev.status = "accepted"
    session.add(ev)
    recompute_statuses(session=session, commitment_ids=[cids["1.5-1"]], as_of=dt.date(2026, 7, 1))
    session.commit()
    c = session.get(Commitment, cids["1.5-1"])
    assert (c.status, c.score, c.latest_evidence) == ("achieved", 1, dt.date(2026, 6, 1))
    assert "jp-ca-mlat entered_into_force" in c.status_rule
    untouched = session.get(Commitment, cids["1.1-2b"])
    assert untouched.status_rule == ""  # not in commitment_ids
