"""The held-out evaluation sets (evaluation/data/heldout/{dev,final}) are well-formed.

Spans match the texts, canonical ids exist in the gazetteer (or are null), commitment ids exist in the
roadmap, hard negatives carry no commitments, every release is marked as a sample, the generated
links.jsonl has not drifted from the YAML, and no held-out text is copied from the development set.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from config.roadmap_data import load_bundle
from evaluation.extraction import DEVSET_DIR, load_devset
from evaluation.heldout import HELDOUT_DIR, SETS, link_records, render_links
from extractors.types import MENTION_TYPES

ROOT = Path(__file__).resolve().parents[2]


def _raw_documents(name: str) -> list[dict]:
    docs = []
    for path in sorted((HELDOUT_DIR / name).glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert "not real releases" in text.splitlines()[0], f"{path} must say it holds samples"
        docs.extend((yaml.safe_load(text) or {}).get("documents") or [])
    return docs


@pytest.fixture(scope="module")
def gazetteer_ids() -> set[str]:
    data = yaml.safe_load((ROOT / "config" / "entities.yaml").read_text(encoding="utf-8"))
    return {e["id"] for e in data["entities"]}


@pytest.fixture(scope="module")
def commitment_ids() -> set[str]:
    return {c.cid for c in load_bundle().commitment_infos()}


@pytest.mark.parametrize("name", SETS)
def test_spans_match_texts(name):
    docs = load_devset(HELDOUT_DIR / name)  # raises DevsetError when a gold text is not in its document
    assert len(docs) >= 15
    assert {d.lang for d in docs} == {"ja", "en", "fr"}
    raw = {d["id"]: d for d in _raw_documents(name)}
    for doc in docs:
        golds = raw[doc.id].get("mentions") or []
        assert len(golds) == len(doc.gold)
        for want, got in zip(golds, doc.gold):
            assert doc.text[got.start:got.end] == want["text"]
            assert got.type in MENTION_TYPES


@pytest.mark.parametrize("name", SETS)
def test_ids_exist(name, gazetteer_ids, commitment_ids):
    for doc in _raw_documents(name):
        assert doc.get("sample") is True, doc["id"]
        for m in doc.get("mentions") or []:
            assert m["canonical_id"] is None or m["canonical_id"] in gazetteer_ids, (doc["id"], m["canonical_id"])
            assert "action" in m and "countries" in m, (doc["id"], m["text"])
        unknown = set(doc["commitments"]) - commitment_ids
        assert not unknown, (doc["id"], unknown)
        assert bool(doc.get("negative")) == (not doc["commitments"]), doc["id"]


def test_document_ids_unique_across_sets():
    ids = [d["id"] for name in SETS for d in _raw_documents(name)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", SETS)
def test_links_file_matches_yaml(name):
    path = HELDOUT_DIR / name / "links.jsonl"
    assert path.read_text(encoding="utf-8") == render_links(link_records(HELDOUT_DIR / name)), (
        f"{path} is stale: run python -m evaluation.heldout write-links")
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        assert rec["sample"] is True and rec["text"] and rec["title"]


def test_not_copied_from_devset():
    dev_texts = [d.text for d in load_devset(DEVSET_DIR)]
    dev_texts += [json.loads(ln)["text"] for ln in (DEVSET_DIR.parent / "linkset.jsonl").read_text(
        encoding="utf-8").splitlines() if ln.strip()]
    for name in SETS:
        for doc in load_devset(HELDOUT_DIR / name):
            for line in doc.text.splitlines():
                if len(line) > 80:  # long sentences; titles like "X speaks with Y" recur
                    assert not any(line in t for t in dev_texts), (doc.id, line)
