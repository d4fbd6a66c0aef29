"""Fields of cooperation the roadmap names (critical minerals, 北極研究, « observation de la Terre »):
found as mentions, linked only where the sentence reports Japan and Canada working on them, never as
one item of a list of areas or a subject merely discussed. Sentences are our own."""
from __future__ import annotations

import pytest

from extractors.gazetteer import load_gazetteer
from evaluation.realset_score import pipeline_matcher
from extractors.types import DocumentInput


@pytest.fixture(scope="module")
def match():
    return pipeline_matcher(threshold=0.5)


def run(match, text, lang, title=""):
    mentions, links = match(DocumentInput(id="t", text=text, title=title, lang=lang))
    fields = load_gazetteer().fields()
    found = [m for m in mentions if m.canonical_id in fields]
    spans = {(m.start, m.end) for m in found}
    return found, {lk.commitment_id for lk in links if lk.suggested and spans & set(lk.mention_spans)}


@pytest.mark.parametrize("lang,text,field,cid", [
    ("en", "Japan and Canada agreed to cooperate closely on critical minerals, including new processing projects.",
     "critical minerals", "2.1-1"),
    ("en", ("Prime Minister Sato said Japan will support Japanese studies at Canadian universities to bring "
            "the two countries closer."),
     "Japanese studies", "6-3"),
    ("fr", "Le Japon et le Canada coopéreront dans l'observation de la Terre grâce au partage de données.",
     "observation de la Terre", "5-3"),
    ("ja", "日本とカナダは、北極研究における協力を一層強化していくことで一致しました。", "北極研究", "5-1"),
    ("ja", "日加両国は、肥料の安定供給に向けて緊密に連携していくことを確認しました。", "肥料", "4.2-2"),
    # clauses joined by 、 are not a list of areas: the field itself does not sit between separators
    ("ja", "また、両首脳は、物価や食料の供給の不安を受け、日加間で緊密に連携していくことで一致しました。",
     "食料の供給", "4.2-2"),
    # sharing data is working together
    ("en", "The space agencies of Japan and Canada will share data from their Earth observation satellites.",
     "Earth observation", "5-3"),
])
def test_cooperation_in_a_field_is_linked(match, lang, text, field, cid):
    mentions, linked = run(match, text, lang)
    assert field in {m.text for m in mentions}
    assert cid in linked


@pytest.mark.parametrize("lang,text,title", [
    # a list of areas is an agenda
    ("en", "Japan and Canada reviewed cooperation in trade, tourism, energy, critical minerals and fisheries.", ""),
    ("fr", ("Le Japon et le Canada ont passé en revue la coopération sur le commerce, le tourisme, l'énergie, "
            "l'observation de la Terre et les pêches."), ""),
    ("ja", "日加両国は、貿易、観光、北極研究、漁業等における協力について意見交換を行いました。", ""),
    # a field discussed, exported or named without work together
    ("en", "Japan and Canada discussed export controls on critical minerals.", ""),
    ("en", "Japan welcomed the Arctic research conference held in Norway.", ""),
    # a field's own words are no report of work: 交流 in 青少年交流 does not make it worked on
    ("ja", "日加両国は、青少年交流の現状について議論しました。", "日加次官級協議"),
])
def test_a_field_that_is_not_worked_on_links_nothing(match, lang, text, title):
    mentions, linked = run(match, text, lang, title)
    assert mentions, "the field should still be found as a mention"
    assert not linked


def test_a_field_inside_a_name_leaves_the_name_as_the_mention(match):
    text = "Japan and Canada signed the Memorandum for Promotion of Space Cooperation in Tokyo."
    mentions, _ = match(DocumentInput(id="t", text=text, lang="en"))
    assert any(m.text.startswith("Memorandum for Promotion of Space Cooperation") for m in mentions)
    assert not any(m.canonical_id == "field-space-cooperation" for m in mentions)


@pytest.mark.parametrize("lang,text,cid", [
    ("en", "Japan and Canada signed a Memorandum of Cooperation on Search and Rescue in Ottawa.", "1.4-4"),
    ("fr", "Le Japon et le Canada ont signé un Protocole de coopération sur la cybersécurité.", "1.3-1"),
    ("ja", "日本とカナダは、捜索救助に関する協力覚書に署名しました。", "1.4-4"),
])
def test_a_name_the_gazetteer_lacks_links_to_the_field_it_names(match, lang, text, cid):
    mentions, links = match(DocumentInput(id="t", text=text, lang=lang))
    assert any(m.canonical_id is None and m.type == "agreement" for m in mentions)
    assert cid in {lk.commitment_id for lk in links if lk.suggested}


def test_a_field_yields_to_the_bullet_a_named_mechanism_of_its_section_points_to(match):
    text = ("The Japan-Canada Joint Committee on Science and Technology Cooperation was held in Tokyo. "
            "Japan and Canada agreed to cooperate on joint research in quantum technologies.")
    mentions, links = match(DocumentInput(id="t", text=text, lang="en"))
    suggested = {lk.commitment_id for lk in links if lk.suggested}
    assert "quantum technologies" in {m.text for m in mentions}
    assert "2.2-3" in suggested and "2.2-2" not in suggested


def test_a_trade_mission_between_the_two_countries_is_linked_and_one_elsewhere_is_not(match):
    _, links = match(DocumentInput(id="t", lang="en", text=(
        "Canada's Minister of Trade led a trade mission to Japan and met Japan's Minister of Economy in Tokyo.")))
    assert "3-p2" in {lk.commitment_id for lk in links if lk.suggested}
    _, links = match(DocumentInput(id="t", lang="en", text=(
        "Canada's Minister of Trade led a trade mission to Brazil and met Brazil's Minister of Economy.")))
    assert "3-p2" not in {lk.commitment_id for lk in links if lk.suggested}


def test_a_field_link_names_no_entity_so_it_makes_no_event(match):
    _, links = match(DocumentInput(id="t", lang="en", text=(
        "Japan and Canada agreed to cooperate closely on critical minerals, including new processing projects.")))
    [field_link] = [lk for lk in links if lk.commitment_id == "2.1-1"]
    assert field_link.suggested and field_link.canonical_id is None
