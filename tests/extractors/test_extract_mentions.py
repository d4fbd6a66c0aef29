"""Tricky cases of mention extraction: aliases, 日・加, suffixes, namesakes, long and mixed pages."""
import warnings

import pytest

from extractors.extract import extract_mentions
from sources.languages import detect_language


def by_text(mentions):
    return {m.text: m for m in mentions}


def test_japanese_aliases_and_acronym_merge():
    text = "両外相は、日・加物品役務相互提供協定(ACSA)の署名を歓迎しました。"
    (m,) = extract_mentions(text, "ja")
    assert m.text == "日・加物品役務相互提供協定(ACSA)"
    assert text[m.start:m.end] == m.text
    assert (m.canonical_id, m.action, set(m.countries)) == ("jp-ca-acsa", "signed", {"JP", "CA"})


@pytest.mark.parametrize("prefix", ["日加", "日・カナダ", "日カナダ", "日本・カナダ"])
def test_pair_prefix_variants(prefix):
    (m,) = extract_mentions(f"{prefix}エネルギー政策対話が開催されました。", "ja")
    assert m.canonical_id == "jp-ca-energy-policy-dialogue" and m.action == "held"


@pytest.mark.parametrize("surface", ["KAEDEX 2018", "KAEDEX19-1", "KAEDEx 19"])
def test_exercise_suffixes(surface):
    text = f"The Royal Canadian Navy and the JMSDF conducted {surface} off Japan."
    (m,) = extract_mentions(text, "en")
    assert m.text == surface and m.canonical_id == "jp-ca-kaedex" and m.action == "conducted"


def test_japan_australia_namesake_is_not_japan_canada():
    ms = extract_mentions("Japan and Australia welcomed the Acquisition and Cross-Servicing Agreement.", "en")
    (m,) = ms
    assert m.canonical_id is None and set(m.countries) == {"JP", "AU"}
    (m,) = extract_mentions("日豪物品役務相互提供協定の署名式が行われた。", "ja")
    assert m.canonical_id != "jp-ca-acsa" and set(m.countries) == {"JP", "AU"}


def test_prospective_statement_is_planned_not_done():
    (m,) = extract_mentions("両外相は、防衛装備品・技術移転協定の早期発効に向けて連携することで一致した。", "ja")
    assert m.action == "planned"
    (m,) = extract_mentions("They look forward to the entry into force of the Mutual Legal Assistance Treaty.", "en")
    assert m.action == "planned"


def test_unknown_names_come_from_general_patterns():
    ms = by_text(extract_mentions("Canada and Japan held the Arctic Science Dialogue and Exercise Maple Tide.", "en"))
    assert ms["Arctic Science Dialogue"].type == "dialogue" and ms["Arctic Science Dialogue"].canonical_id is None
    assert ms["Exercise Maple Tide"].type == "exercise"
    (m,) = extract_mentions("日加両国は日加北極科学協定に署名した。", "ja")
    assert m.type == "agreement" and m.canonical_id is None and m.action == "signed"


def test_french_release():
    ms = by_text(extract_mentions("Le Canada et le Japon ont signé l'Accord sur la sécurité de l'information le 1er oct. 2024."))
    m = ms["Accord sur la sécurité de l'information"]
    assert m.lang == "fr" and m.action == "signed" and m.date.isoformat() == "2024-10-01"


def test_mixed_japanese_english_page_read_per_paragraph():
    text = ("第5回日加農業対話を開催しました。\n"
            "Outcome\n"
            "The fifth Japan-Canada Agriculture Dialogue was held in Tokyo and both sides agreed to continue.\n")
    ms = extract_mentions(text)
    assert [m.lang for m in ms] == ["ja", "en"]
    assert all(text[m.start:m.end] == m.text for m in ms)
    assert ms[1].action == "held"


def test_long_document_over_sudachi_limit_keeps_spans():
    filler = "両国は地域情勢について意見交換を行いました。\n" * 2500   # ~60,000 chars, ~180 KB
    text = filler + "日加刑事共助条約が発効しました。\n" + filler + "KAEDEx25-1を実施した。\n"
    assert len(text.encode("utf-8")) > 49_149
    ms = extract_mentions(text, "ja")
    assert [(m.text, m.canonical_id) for m in ms] == [("日加刑事共助条約", "jp-ca-mlat"), ("KAEDEx25-1", "jp-ca-kaedex")]
    for m in ms:
        assert text[m.start:m.end] == m.text
        assert text[m.sentence_start:m.sentence_start + len(m.sentence)] == m.sentence


def test_no_sudachi_deprecation_warning_escapes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        extract_mentions("日加共同訓練を実施した。", "ja")


@pytest.mark.parametrize("text,lang", [("日加外相会談を行いました。", "ja"), ("The ministers met in Ottawa.", "en"),
                                       ("Les ministres se sont réunis à Ottawa.", "fr")])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_unsupported_language_is_refused():
    with pytest.raises(ValueError):
        extract_mentions("text", "de")


def test_french_name_runs_over_hyphenated_partners_and_stops_before_the_place():
    text = "Le Canada et le Japon ont tenu le Dialogue bilatéral Canada-Japon sur l'agriculture à Ottawa le 24 septembre."
    (m,) = extract_mentions(text, "fr")
    assert m.text == "Dialogue bilatéral Canada-Japon sur l'agriculture"
    assert set(m.countries) == {"CA", "JP"} and m.action == "held"


def test_leading_a_mission_is_an_action_but_leading_to_is_not():
    (m,) = extract_mentions("The Minister led a Team Canada Trade Mission to Japan in April.", "en")
    assert m.action == "conducted"
    (m,) = extract_mentions("The talks led to the Arctic Science Agreement.", "en")
    assert m.action is None


def test_generic_exercise_phrases_are_mentions_without_an_entity():
    ms = extract_mentions("The coast guards conducted a joint search and rescue exercise, then held a bilateral "
                          "exercise and the trilateral training with Australia.", "en")
    assert [(m.text, m.type, m.canonical_id) for m in ms] == [
        ("joint search and rescue exercise", "exercise", None), ("bilateral exercise", "exercise", None),
        ("trilateral training", "exercise", None)]
    assert extract_mentions("Both navies will continue bilateral exercises.", "en") == []


@pytest.mark.parametrize("lang, text, name", [
    ("en", "Canadian pork gained full market access to Japan this week.", "market access"),
    ("fr", "Le porc canadien a obtenu un plein accès au marché japonais.", "accès au marché"),
    ("ja", "カナダ産豚肉が日本への市場アクセスを獲得しました。", "市場アクセス"),
])
def test_market_access_won_is_a_concluded_negotiation(lang, text, name):
    m = by_text(extract_mentions(text, lang))[name]
    assert (m.canonical_id, m.action) == ("agri-food-market-access", "concluded")


def test_market_access_promised_is_no_act():
    m = by_text(extract_mentions("The agreement is expected to improve market access for farmers.", "en"))["market access"]
    assert m.action is None
