"""Review decisions: the queue's order, the audit trail, undo, event copies, recomputation."""
from __future__ import annotations

import pytest
from sqlmodel import select

from models import review
from models.tables import Evidence, ReviewAction
from models.users import authenticate, UserError, add_user
from tests.support.review_seed import PASSWORD, seed


@pytest.fixture
def data(session):
    return seed(session)


@pytest.fixture
def recomputed(monkeypatch):
    calls = []
    from models import review_decisions

    monkeypatch.setattr(review_decisions, "_recompute", lambda session, ids: calls.append(set(ids)))
    return calls


def test_queue_puts_uncertain_scores_and_uncovered_commitments_first(session, data):
    order = [ev.id for ev, *_ in review.review_queue(session=session)]
    e = data.evidence
    # KAEDEx is one event reported twice: one item, its best-scored report (0.9)
    assert order == [e["cyber_en"], e["xss"], e["policy_ja"], e["kaedex_ja"]]
    review.accept(session=session, evidence_id=e["xss"], user="ana")  # 1.1-2a now has accepted evidence
    review.add_link(session=session, document_id=data.documents["cyber_en"], cid="1.1-3", user="ana")
    order = [ev.id for ev, *_ in review.review_queue(session=session)]
    assert order == [e["cyber_en"], e["kaedex_ja"], e["policy_ja"]]


def test_queue_filters(session, data):
    def ids(**kw):
        return {ev.id for ev, *_ in review.review_queue(session=session, filters=review.QueueFilter(**kw))}
    e = data.evidence
    assert ids(section="1.3") == {e["cyber_en"]}
    assert ids(section="1") == set(e.values()) - {e["kaedex_en"]}  # folded into its event's kaedex_ja
    assert ids(lang="ja") == {e["kaedex_ja"], e["policy_ja"]}
    # a filter that hides the event's best report shows the event through the report it keeps
    assert ids(source="dnd_news_en") == {e["kaedex_en"], e["cyber_en"]}
    assert review.queue_size(session=session, filters=review.QueueFilter(lang="ja")) == 2
    assert review.queue_size(session=session) == 4


def test_skip_moves_item_last_for_that_user_only(session, data):
    first = review.review_queue(session=session, user="ana")[0][0].id
    review.skip(session=session, evidence_id=first, user="ana")
    assert review.review_queue(session=session, user="ana")[-1][0].id == first
    assert review.review_queue(session=session, user="adam")[0][0].id == first


def test_accepting_an_event_accepts_its_copies_and_undo_restores_both(session, data, recomputed):
    e = data.evidence
    actions = review.accept(session=session, evidence_id=e["kaedex_ja"], user="ana")
    assert {a.evidence_id for a in actions} == {e["kaedex_ja"], e["kaedex_en"]}
    assert {session.get(Evidence, i).status for i in (e["kaedex_ja"], e["kaedex_en"])} == {"accepted"}
    assert recomputed == [{data.commitments["1.1-2b"]}]
    undo = review.undo(session=session, user="ana")
    assert {a.undoes_id for a in undo} == {a.id for a in actions}
    assert {session.get(Evidence, i).status for i in (e["kaedex_ja"], e["kaedex_en"])} == {"suggested"}
    assert session.get(Evidence, e["kaedex_ja"]).decided_by is None
    assert len(recomputed) == 2


def test_reject_needs_a_known_reason_and_is_audited(session, data):
    with pytest.raises(review.ReviewError):
        review.reject(session=session, evidence_id=data.evidence["xss"], user="ana", reason="because")
    review.reject(session=session, evidence_id=data.evidence["xss"], user="ana", reason="not-bilateral")
    row = session.exec(select(ReviewAction)).one()
    assert (row.user, row.action, row.from_status, row.to_status, row.reason) == (
        "ana", "reject", "suggested", "rejected", "not-bilateral")


def test_relink_moves_evidence_and_undo_moves_it_back(session, data, recomputed):
    e, c = data.evidence, data.commitments
    row = review.relink(session=session, evidence_id=e["xss"], user="ana", to_cid="1.3-1")
    assert (row.from_commitment, row.to_commitment) == ("1.1-2a", "1.3-1")
    assert session.get(Evidence, e["xss"]).commitment_id == c["1.3-1"]
    assert recomputed[-1] == {c["1.1-2a"], c["1.3-1"]}
    with pytest.raises(review.ReviewError):
        review.relink(session=session, evidence_id=e["xss"], user="ana", to_cid="9.9-9")
    review.undo(session=session, user="ana")
    ev = session.get(Evidence, e["xss"])
    assert (ev.commitment_id, ev.status) == (c["1.1-2a"], "suggested")


def test_undo_is_per_user_and_never_rewrites_history(session, data):
    e = data.evidence
    review.accept(session=session, evidence_id=e["cyber_en"], user="ana")
    review.reject(session=session, evidence_id=e["policy_ja"], user="adam", reason="duplicate")
    review.undo(session=session, user="ana")
    assert session.get(Evidence, e["cyber_en"]).status == "suggested"
    assert session.get(Evidence, e["policy_ja"]).status == "rejected"
    rows = session.exec(select(ReviewAction).order_by(ReviewAction.id)).all()
    assert [r.action for r in rows] == ["accept", "reject", "undo"]
    with pytest.raises(review.ReviewError):
        review.undo(session=session, user="ana")


def test_add_link_creates_accepted_analyst_evidence(session, data):
    review.add_link(session=session, document_id=data.documents["policy_ja"], cid="1.3-1", user="ana", reason="missed")
    ev = session.exec(select(Evidence).where(Evidence.document_id == data.documents["policy_ja"],
                                             Evidence.commitment_id == data.commitments["1.3-1"])).one()
    assert (ev.status, ev.origin, ev.decided_by) == ("accepted", "analyst", "ana")
    review.undo(session=session, user="ana")
    assert session.get(Evidence, ev.id).status == "rejected"


def test_users_hash_passwords_and_check_roles(session):
    user = add_user(session=session, username="zoe", password="long enough password", role="reader")
    assert "long enough password" not in user.password_hash and user.password_hash.startswith("$argon2")
    assert authenticate(session=session, username="zoe", password="long enough password").id == user.id
    assert authenticate(session=session, username="zoe", password="wrong password") is None
    assert authenticate(session=session, username="nobody", password=PASSWORD) is None
    with pytest.raises(UserError):
        add_user(session=session, username="zoe", password="long enough password", role="reader")
    with pytest.raises(UserError):
        add_user(session=session, username="max", password="short", role="analyst")
    with pytest.raises(UserError):
        add_user(session=session, username="max", password="long enough password", role="root")


def test_accepting_recomputes_the_commitments_status(session, data):
    from models.tables import Commitment

    cid = data.commitments["1.1-3"]
    assert session.get(Commitment, cid).status == "no evidence"
    review.accept(session=session, evidence_id=data.evidence["policy_ja"], user="ana")
    session.commit()
    assert session.get(Commitment, cid).status != "no evidence"
    review.undo(session=session, user="ana")
    session.commit()
    assert session.get(Commitment, cid).status in ("no evidence", "overdue")
    assert session.get(Commitment, cid).latest_evidence is None


def test_queue_puts_scores_nearest_the_configured_threshold_first(session, data, monkeypatch):
    from config.settings import get_settings

    monkeypatch.setenv("ROADMAP_LINK_THRESHOLD", "0.88")
    get_settings.cache_clear()
    order = [ev.id for ev, *_ in review.review_queue(session=session)]
    e = data.evidence  # scores: kaedex_ja 0.9, policy_ja 0.8, xss 0.6, cyber_en 0.55
    assert order == [e["kaedex_ja"], e["policy_ja"], e["xss"], e["cyber_en"]]


def test_rejecting_an_event_rejects_its_copies_and_undo_restores_them(session, data, recomputed):
    e = data.evidence
    review.reject(session=session, evidence_id=e["kaedex_ja"], user="ana", reason="background-only")
    assert {session.get(Evidence, i).status for i in (e["kaedex_ja"], e["kaedex_en"])} == {"rejected"}
    assert e["kaedex_en"] not in [ev.id for ev, *_ in review.review_queue(session=session)]
    review.undo(session=session, user="ana")
    assert {session.get(Evidence, i).status for i in (e["kaedex_ja"], e["kaedex_en"])} == {"suggested"}
