"""The development set: quality floors per language and type, and the hard negatives."""
import pytest

from evaluation.extraction import evaluate, load_devset
from extractors.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def report():
    return evaluate().as_dict()


def test_devset_has_every_language_and_hard_negatives():
    docs = load_devset()
    assert {d.lang for d in docs} == {"ja", "en", "fr"}
    assert sum(d.negative for d in docs) >= 3


def test_precision_and_recall_at_least_090(report):
    low = [r for r in report["scores"] if (r["precision"] or 0) < 0.9 or (r["recall"] or 0) < 0.9]
    assert not low, low


def test_no_mention_attributed_to_japan_canada_on_hard_negatives(report):
    assert report["negative_jp_ca_mentions"] == []


def test_gazetteer_entities_link_to_existing_commitments():
    from config.roadmap_data import load_bundle

    cids = {c.cid for c in load_bundle().commitment_infos()}
    gaz = load_gazetteer()
    assert all(c in cids for e in gaz.entities.values() for c in e.commitments)
    for eid in ("jp-ca-acsa", "jp-ca-kaedex", "ca-op-nanook", "ca-op-neon", "jp-ca-mlat", "g7-rrm", "cptpp", "jet-programme"):
        assert gaz.entities[eid].names.get("ja") and gaz.entities[eid].names.get("en")
