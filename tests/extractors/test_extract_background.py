"""General rules: background clauses, old treaty verbs, planned acts, generic JA training, place names."""
import pytest

from extractors.extract import extract_mentions


def by_text(mentions):
    return {m.text: m for m in mentions}


@pytest.mark.parametrize("lang, text, name", [
    ("en", "Japan and Canada, both of which are parties to the CPTPP, held the first Japan-Canada Economic "
           "Security Dialogue in Tokyo.", "CPTPP"),
    ("ja", "日本とカナダは、いずれもCPTPPの締約国であり、2018年に同協定が発効した。", "CPTPP"),
    ("fr", "Le Canada et le Japon, tous deux parties au PTPGP, ont tenu leur premier dialogue.", "PTPGP"),
])
def test_membership_cue_makes_a_mention_background(lang, text, name):
    mentions = by_text(extract_mentions(text, lang))
    found = [m for t, m in mentions.items() if name in t]
    assert found and all(m.action is None for m in found)


def test_the_event_of_the_sentence_still_has_its_action():
    text = ("Japan and Canada, both of which are parties to the CPTPP, held the first Japan-Canada Economic "
            "Security Dialogue in Tokyo.")
    assert by_text(extract_mentions(text, "en"))["Japan-Canada Economic Security Dialogue"].action == "held"


def test_non_restrictive_relative_clause_is_history_not_the_event():
    text = "Canada also works with Japan through the Canada-Japan Energy Policy Dialogue, which last met in 2025."
    (m,) = [m for m in extract_mentions(text, "en") if m.type == "dialogue"]
    assert m.action is None


@pytest.mark.parametrize("verb", ["効力を生じました", "効力を生ずる", "効力発生となりました"])
def test_formal_japanese_entry_into_force(verb):
    (m,) = extract_mentions(f"日・カナダ物品役務相互提供協定は、2019年7月1日に{verb}。", "ja")
    assert m.action == "entered_into_force"
    assert set(m.countries) == {"JP", "CA"}  # 日・カナダ names Japan too


def test_after_entry_into_force_is_not_entry_into_force():
    (m,) = [m for m in extract_mentions("日加物品役務相互提供協定の発効後、協力が進んだ。", "ja")
            if m.type == "agreement"]
    assert m.action != "entered_into_force"


@pytest.mark.parametrize("lang, text, name, action", [
    ("en", "The Team Canada Trade Mission to Japan will take place this autumn.", "Team Canada Trade Mission",
     "planned"),
    ("en", "Japanese and Canadian ships are taking part in Operation NANOOK-TATIGIIT 26.",
     "Operation NANOOK-TATIGIIT 26", "participated"),
    ("ja", "海上自衛隊は、日英共同訓練を実施します。", "日英共同訓練", "planned"),
    ("ja", "海上自衛隊は、日英共同訓練を実施予定です。", "日英共同訓練", "planned"),
    ("ja", "海上自衛隊は、日英共同訓練を実施しました。", "日英共同訓練", "conducted"),
    ("ja", "「日本国経済産業省とカナダ天然資源省との間の蓄電池サプライチェーンに関する協力覚書」に基づく協力の進捗を確認しました。",
     "蓄電池サプライチェーンに関する協力覚書", "reviewed"),
])
def test_action_wording(lang, text, name, action):
    mentions = [m for m in extract_mentions(text, lang) if name in m.text]
    assert mentions and mentions[0].action == action


@pytest.mark.parametrize("text", [
    "カナダ海軍との共同訓練について",
    "本協定は、共同訓練、国際連合平和維持活動等に適用される。",
    "訓練項目：通信訓練、洋上補給訓練",
    "陸上自衛隊は北海道大演習場で射撃を行った。",
])
def test_generic_japanese_training_is_no_name(text):
    assert [m for m in extract_mentions(text, "ja") if m.type == "exercise"] == []


@pytest.mark.parametrize("text, name", [
    ("陸上自衛隊は英国陸軍と日英共同訓練を実施しました。", "日英共同訓練"),
    ("陸上自衛隊は、英国陸軍との実動訓練「ヴィジラント・アイルズ26」を実施しました。", "ヴィジラント・アイルズ26"),
])
def test_japanese_exercise_names_with_a_proper_part(text, name):
    assert any(name in m.text and m.type == "exercise" for m in extract_mentions(text, "ja"))


def test_katakana_with_a_year_outside_training_context_is_no_exercise():
    assert extract_mentions("新型スマートフォン「ギャラクシー25」が発売された。", "ja") == []


@pytest.mark.parametrize("lang, text", [
    ("en", "HMCS Ville de Québec and JS Ise conducted KAEDEX 26 in the East China Sea."),
    ("fr", "Le NCSM Ville de Québec et le JS Ise ont mené l'exercice KAEDEX 26 en mer de Chine orientale."),
    ("ja", "海上自衛隊はインド太平洋においてカナダ海軍とKAEDEX26を実施した。"),
])
def test_place_names_add_no_party(lang, text):
    mentions = [m for m in extract_mentions(text, lang) if "KAEDEX" in m.text]
    assert mentions and not {"CN", "IN"} & set(mentions[0].countries)
    assert mentions[0].canonical_id == "jp-ca-kaedex"


def test_politico_military_spelling_variant():
    (m,) = extract_mentions("The 12th Japan-Canada Politico-Military Dialogue was held in Tokyo.", "en")
    assert m.canonical_id == "jp-ca-pm-dialogue" and m.action == "held"


def test_partnership_and_alliance_heads_are_separate_names():
    text = "The Minister reviewed the Canada-Germany Energy Partnership and the Canada-Germany Hydrogen Alliance."
    found = {m.text: m.type for m in extract_mentions(text, "en")}
    assert found == {"Canada-Germany Energy Partnership": "dialogue", "Canada-Germany Hydrogen Alliance": "mechanism"}


@pytest.mark.parametrize("text, canonical", [
    ("Le Canada et le Japon ont signé le Mémorandum de coopération sur la lutte contre la pêche INN.",
     "jp-ca-moc-iuu-fishing"),
    ("Le Canada et le Japon ont signé l'arrangement de mise en œuvre de l'Accord sur la sécurité de l'information.",
     "jp-ca-sia-implementing-arrangement"),
])
def test_french_memorandum_and_implementing_arrangement_wording(text, canonical):
    (m,) = extract_mentions(text, "fr")
    assert m.canonical_id == canonical and m.action == "signed"
