"""The workbench's model side: queue orders, history and score filters, bulk reject as one decision,
finding commitments by ID or words, revert of an older decision, decisions described in words."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from models import review
from models.tables import Document, Evidence, ReviewAction
from review.decision_text import describe, describe_undo
from tests.support.review_seed import seed


@pytest.fixture
def data(session):
    return seed(session, extra=3)


def _ids(session, order="threshold", **kw):
    return [ev.id for ev, *_ in review.review_queue(session=session, filters=review.QueueFilter(**kw), order=order)]


def _to_history(session, data, *keys):
    for key in keys:
        doc = session.get(Document, data.documents[key])
        doc.published = dt.date(2026, 2, 1)  # before the roadmap's release (2026-03-06)
        session.add(doc)
    session.commit()


def test_orders_newest_first_and_by_commitment(session, data):
    e = data.evidence
    newest = _ids(session, "newest")
    assert newest[:3] == [e["extra2"], e["extra1"], e["extra0"]]  # published 3, 2, 1 May
    by_commitment = _ids(session, "commitment")
    assert by_commitment[:4] == [e["xss"], e["extra2"], e["extra1"], e["extra0"]]  # 1.1-2a first, nearest 0.5 first
    assert by_commitment[-1] == e["cyber_en"]  # 1.3-1 is the roadmap's last commitment
    assert sorted(newest) == sorted(by_commitment) == sorted(_ids(session))
    with pytest.raises(ValueError, match="unknown order"):
        review.review_queue(session=session, order="random")


def test_history_and_score_filters_agree_with_the_badge_rule_and_the_count(session, data):
    e = data.evidence
    _to_history(session, data, "cyber_en", "policy_ja", "kaedex_en")
    # KAEDEx's event is dated 1 April: its report published in February is still progress, not history
    only = _ids(session, history=True)
    assert sorted(only) == sorted([e["cyber_en"], e["policy_ja"]])
    assert review.queue_size(session=session, filters=review.QueueFilter(history=True)) == 2
    hidden = _ids(session, history=False)
    assert not set(hidden) & set(only) and len(hidden) + 2 == len(_ids(session))
    assert review.queue_size(session=session, filters=review.QueueFilter(history=False, lang="en")) == \
        len(_ids(session, history=False, lang="en"))
    assert set(_ids(session, min_score=0.85)) == {e["kaedex_ja"], e["extra0"], e["extra1"], e["extra2"]}
    assert set(_ids(session, min_score=0.5, max_score=0.6)) == {e["cyber_en"], e["xss"]}


def test_bulk_reject_is_one_decision_and_one_undo(session, data):
    e = data.evidence
    rows = review.reject_many(session=session, evidence_ids=[e["cyber_en"], e["kaedex_ja"], e["xss"]],
                              user="ana", reason="background-only")
    session.commit()
    assert len(rows) == 3
    actions = session.exec(select(ReviewAction).where(ReviewAction.action == "reject")).all()
    assert len(actions) == 4 and len({a.at for a in actions}) == 1  # KAEDEx's copy with it, one time
    assert describe(session=session, actions=actions).startswith("reject of 3 items (4 reports)")
    undone = review.undo(session=session, user="ana")
    session.commit()
    assert len(undone) == 4 and describe_undo(session=session, undo_rows=undone).startswith("reject of 3 items")
    assert {session.get(Evidence, v).status for v in e.values()} == {"suggested"}
    with pytest.raises(review.ReviewError, match="unknown reason"):
        review.reject_many(session=session, evidence_ids=[e["xss"]], user="ana", reason="meh")


@pytest.mark.parametrize("typed, cid", [("1.1-2A ", "1.1-2a"), (" 1.1-2b", "1.1-2b"), ("1.3-1 — サイバー", "1.3-1"),
                                        ("cyber dialogue", "1.3-1"), ("防衛政策協議", "1.1-3"), ("ＫＡＥＤＥｘ", "1.1-2b")])
def test_a_commitment_is_found_by_id_in_any_case_or_by_words(session, data, typed, cid):
    assert review.resolve_commitment(session=session, text=typed).cid == cid


def test_ambiguous_or_unknown_words_are_refused_with_what_to_do(session, data):
    with pytest.raises(ValueError, match=r"matches several commitments \(1.1-2a, 1.1-2b"):
        review.resolve_commitment(session=session, text="1.1-2")
    with pytest.raises(ValueError, match="no commitment matches “tea ceremony”"):
        review.resolve_commitment(session=session, text="tea ceremony")
    assert [c.cid for c in review.search_commitments(session=session, query="1.1")] == ["1.1-2a", "1.1-2b", "1.1-3"]


def test_relink_refusals_name_the_document_on_screen(session, data):
    e = data.evidence
    row = review.relink(session=session, evidence_id=e["xss"], user="ana", to_cid="1.1-3 ")
    assert (row.from_commitment, row.to_commitment) == ("1.1-2a", "1.1-3")
    assert session.get(Evidence, e["xss"]).commitment_id == data.commitments["1.1-3"]
    with pytest.raises(review.ReviewError, match="already linked to 1.1-2a"):
        review.relink(session=session, evidence_id=e["extra0"], user="ana", to_cid="1.1-2a")
    # the cyber release also linked to 1.1-3 by hand: moving its 1.3-1 suggestion there names the release
    review.add_link(session=session, document_id=data.documents["cyber_en"], cid="1.1-3", user="ana")
    with pytest.raises(review.ReviewError, match="“Japan and Canada hold first cyber policy dialogue” is already "
                                                 "accepted there for 1.1-3"):
        review.relink(session=session, evidence_id=e["cyber_en"], user="ana", to_cid="1.1-3")


def test_revert_an_older_decision_and_refuse_one_decided_again(session, data):
    e = data.evidence
    first = review.accept(session=session, evidence_id=e["cyber_en"], user="ana")
    review.accept(session=session, evidence_id=e["policy_ja"], user="ana")
    session.commit()
    undone = review.undo(session=session, user="bob", action_id=first[0].id)  # not the latest: still revertable
    session.commit()
    assert session.get(Evidence, e["cyber_en"]).status == "suggested"
    assert session.get(Evidence, e["policy_ja"]).status == "accepted"
    assert "accept of evidence" in describe_undo(session=session, undo_rows=undone)
    with pytest.raises(review.ReviewError, match="reverted already"):
        review.undo(session=session, user="bob", action_id=first[0].id)
    second = review.accept(session=session, evidence_id=e["xss"], user="ana")
    review.reject(session=session, evidence_id=e["xss"], user="ana", reason="duplicate")
    session.commit()
    with pytest.raises(review.ReviewError, match="decided again later"):
        review.undo(session=session, user="ana", action_id=second[0].id)


def test_exported_history_names_the_document_and_what_moved_where(session, data):
    from reports.export import build_report, render_report

    e = data.evidence
    review.relink(session=session, evidence_id=e["xss"], user="ana", to_cid="1.3-1")
    session.commit()
    csv_text = render_report(build_report(session=session, with_history=True), "csv")
    assert "ana relink suggested→accepted “Release" in csv_text
    assert f"(evidence #{e['xss']}) 1.1-2a → 1.3-1" in csv_text
    md_text = render_report(build_report(session=session, with_history=True), "md")
    assert "1.1-2a → 1.3-1" in md_text and "\\<script\\>" in md_text  # the title is there, escaped
