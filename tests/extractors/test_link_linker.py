"""The linker on hand-built mentions: signals, threshold, rationale and spans."""
from __future__ import annotations

import pytest

from config.roadmap_data import load_bundle
from extractors.linker import Linker, link_document
from extractors.types import DocumentInput, Mention


@pytest.fixture(scope="module")
def commitments():
    infos = load_bundle().commitment_infos()
    # The gazetteer is written by the extraction work; tie a few entities to commitments here.
    ties = {"1.1-2a": ("jp-ca-acsa",), "1.1-2b": ("kaedex",), "1.5-1": ("jp-ca-mlat",), "3-7": ("cptpp",)}
    return [type(c)(**{**c.__dict__, "entities": ties.get(c.cid, ())}) for c in infos]


@pytest.fixture(scope="module")
def linker(commitments):
    return Linker(commitments, threshold=0.5)


def mention(text, sentence, *, canonical=None, action=None, countries=("JP", "CA"), lang="en", type="agreement"):
    start = sentence.index(text)
    return Mention(type=type, text=text, start=start, end=start + len(text), sentence=sentence, sentence_start=0,
                   canonical_id=canonical, action=action, countries=countries, lang=lang)


def doc(sentence, lang="en"):
    return DocumentInput(id="d1", text=sentence, lang=lang)


def test_entity_with_action_between_japan_and_canada_is_suggested(linker):
    s = "The Japan-Canada Treaty on Mutual Legal Assistance in Criminal Matters entered into force today."
    m = mention("Japan-Canada Treaty on Mutual Legal Assistance in Criminal Matters", s,
                canonical="jp-ca-mlat", action="entered_into_force")
    [best, *_] = linker.link(doc(s), [m])
    assert (best.commitment_id, best.section, best.suggested) == ("1.5-1", "1.5", True)
    assert best.score > 0.9 and best.mention_spans == ((m.start, m.end),)
    assert best.rationale.startswith("mentions Japan-Canada Treaty")
    assert "action: entered_into_force" in best.rationale and "naming Japan and Canada" in best.rationale


def test_japanese_rationale_reads_like_the_issue(linker):
    s = "日加物品役務相互提供協定が発効した。"
    m = mention("日加物品役務相互提供協定", s, canonical="jp-ca-acsa", action="entered_into_force", lang="ja")
    [best] = [link for link in linker.link(doc(s, "ja"), [m]) if link.suggested]
    assert best.commitment_id == "1.1-2a"
    assert best.rationale.startswith("mentions 日加物品役務相互提供協定 — action: entered_into_force — "
                                     "in a sentence naming Japan and Canada")
    # the sentence itself reads like the bullet: the passage evidence is named beside the mention
    assert "— and a sentence reads like 1.1-2a" in best.rationale


def test_background_mention_is_kept_below_threshold(linker):
    s = "Japan and Canada are both parties to the CPTPP."
    links = linker.link(doc(s), [mention("CPTPP", s, canonical="cptpp")])
    assert [link.commitment_id for link in links] == ["3-7"]
    assert not links[0].suggested and "background" in links[0].rationale


def test_another_partner_rules_the_link_out(linker):
    s = "Japan and Australia held exercise KAEDEx in the Coral Sea."
    links = linker.link(doc(s), [mention("KAEDEx", s, canonical="kaedex", action="held", countries=("JP", "AU"))])
    assert links and not any(link.suggested for link in links)
    assert "Japan and Australia" in links[0].rationale


def test_trilateral_activity_including_both_counts(linker):
    s = "Japan, Canada and Australia conducted exercise KAEDEx."
    links = linker.link(doc(s), [mention("KAEDEx", s, canonical="kaedex", action="conducted",
                                         countries=("JP", "CA", "AU"))])
    assert links[0].suggested and "with Australia" in links[0].rationale


def test_unknown_name_links_on_wording(linker):
    s = "Japan and Canada held the first Japan-Canada Cyber Policy Dialogue in Tokyo."
    m = mention("Japan-Canada Cyber Policy Dialogue", s, action="held", type="dialogue")
    links = [link for link in linker.link(doc(s), [m]) if link.suggested]
    assert [link.commitment_id for link in links] == ["1.3-1"]
    assert "shared terms" in links[0].rationale


def test_unknown_name_in_japanese(linker):
    s = "日本とカナダは第1回日加サイバー政策対話を東京で開催した。"
    m = mention("日加サイバー政策対話", s, action="held", type="dialogue", lang="ja")
    assert [link.commitment_id for link in linker.link(doc(s, "ja"), [m]) if link.suggested] == ["1.3-1"]


def test_known_entity_tied_to_no_commitment_is_not_suggested(linker):
    s = "Foreign Minister Motegi held a meeting with Minister Anand on economic security."
    m = mention("meeting", s, canonical="jp-ca-foreign-ministers-meeting", action="held", type="dialogue")
    assert not any(link.suggested for link in linker.link(doc(s), [m]))


def test_no_mentions_no_links(linker):
    assert linker.link(doc("Nothing to see."), []) == []


def test_threshold_decides_suggested(commitments):
    s = "Exercise KAEDEx was conducted."
    m = mention("KAEDEx", s, canonical="kaedex", action="conducted", countries=())
    [low] = [link for link in link_document(doc(s), [m], commitments, threshold=0.99) if link.commitment_id == "1.1-2b"]
    [high] = [link for link in link_document(doc(s), [m], commitments, threshold=0.1) if link.commitment_id == "1.1-2b"]
    assert low.score == high.score and not low.suggested and high.suggested
