"""Names real releases write outside the gazetteer: code names ending in -Ex, quoted names, ordinals
and abbreviations inside a name, names cut by a parenthesis or a line break, Japanese meeting names
after a country pair, French committees and memoranda listed together."""
import pytest

from extractors.extract import extract_mentions


def by_text(mentions):
    return {m.text: m for m in mentions}


@pytest.mark.parametrize("lang, text, name", [
    ("en", "For the first time since the creation of SquadEx, a submarine from Canada took part.", "SquadEx"),
    ("en", "The frigate will also exercise with the JMSDF in Mapex near Okinawa.", "Mapex"),
    ("fr", "Le NCSM Regina a effectué un exercice de passage (PASSEX) avec un destroyer japonais.", "PASSEX"),
])
def test_exercise_code_names_ending_in_ex(lang, text, name):
    assert by_text(extract_mentions(text, lang))[name].type == "exercise"


@pytest.mark.parametrize("text", [
    "The annual report has an Index of the agencies that took part.",   # an ordinary word
    "The Mapex company will supply the fleet with fuel.",              # no exercise in the sentence
])
def test_words_ending_in_ex_are_not_exercises_by_themselves(text):
    assert not [m for m in extract_mentions(text, "en") if m.type == "exercise"]


@pytest.mark.parametrize("lang, text, name", [
    ("en", 'The JMSDF conducted a multilateral exercise "Silver Anchor" with the Royal Canadian Navy.',
     'exercise "Silver Anchor"'),
    ("fr", "La MRC a mené l'exercice « Silver Anchor » avec la FMAD.", "exercice « Silver Anchor »"),
])
def test_quoted_exercise_name_after_the_word_exercise(lang, text, name):
    m = by_text(extract_mentions(text, lang))[name]
    assert m.type == "exercise" and m.action == "conducted"


def test_ordinal_and_abbreviations_inside_a_dialogue_name():
    text = "The 13th Japan-Canada Maritime Affairs (MA) and Ocean Policy (OP) Talks were held in Ottawa."
    (m,) = extract_mentions(text, "en")
    assert m.text.endswith("Maritime Affairs (MA) and Ocean Policy (OP) Talks")
    assert m.type == "dialogue" and m.action == "held" and set(m.countries) == {"JP", "CA"}



@pytest.mark.parametrize("text, second", [
    ("Les ministres ont salué les protocoles de coopération récemment signés sur les engrais ainsi que sur "
     "la science et technologie marines. Ils se reverront.", "sur la science et technologie marines"),
    ("Les ministres ont signé un protocole de coopération sur les engrais et sur les batteries et les deux "
     "pays ont convenu de se revoir.", "sur les batteries"),
])
def test_coordinated_topic_keeps_its_own_and_but_stops_at_a_clause(text, second):
    # « et » between two nouns belongs to the topic; « et les deux pays … » starts a clause.
    assert [m.text for m in extract_mentions(text, "fr")][1] == second


@pytest.mark.parametrize("lang, text, name, entity", [
    ("en", "She joined the Japan Exchange and Teaching (JET) Programme in 2019.",
     "Japan Exchange and Teaching (JET) Programme", "jet-programme"),
    ("en", "HMCS Regina began Operation (Op) Neon in May.", "Operation (Op) Neon", "ca-op-neon"),
    ("en", "The 12th Japan-Canada Politico-Military (PM) and Military-Military (MM) Talks were held.",
     "Japan-Canada Politico-Military (PM) and Military-Military (MM) Talks", "jp-ca-pm-dialogue"),
    ("en", "They met at the Canada-Japan Joint Economic\nCommittee in Tokyo.",
     "Canada-Japan Joint Economic\nCommittee", "jp-ca-joint-economic-committee"),
    ("ja", "JET(Japan Exchange and Teaching) プログラムの参加者が出発した。",
     "JET(Japan Exchange and Teaching) プログラム", "jet-programme"),
])
def test_gazetteer_name_across_a_parenthesis_or_a_line_break(lang, text, name, entity):
    assert by_text(extract_mentions(text, lang))[name].canonical_id == entity


def test_a_parenthesis_between_two_other_words_makes_no_name():
    # "Programme" and "JET" are name words, but nothing around the parenthesis reads as a name
    assert not extract_mentions("The budget (JET) Programme office closed.", "en")


@pytest.mark.parametrize("text, name, countries", [
    ("副大臣は日カナダ官民意見交換を行いました。", "日カナダ官民意見交換", {"JP", "CA"}),
    ("第2回日加水産作業部会が東京で開催された。", "日加水産作業部会", {"JP", "CA"}),
    ("日豪海洋安全保障ワーキンググループを開催した。", "日豪海洋安全保障ワーキンググループ", {"JP", "AU"}),
])
def test_japanese_meeting_names_after_a_country_pair(text, name, countries):
    m = by_text(extract_mentions(text, "ja"))[name]
    assert m.type == "dialogue" and m.action == "held" and set(m.countries) == countries


@pytest.mark.parametrize("text", ["両国は幅広い分野で意見交換を行いました。", "閣僚会合に出席しました。"])
def test_meeting_words_alone_are_no_mechanism(text):
    assert not extract_mentions(text, "ja")


@pytest.mark.parametrize("text, name", [
    ("両省は、海洋観測協力に関するMOUに署名した。", "海洋観測協力に関するMOU"),
    ("両大臣は、水素・アンモニアに関する協力声明に署名した。", "水素・アンモニアに関する協力声明"),
])
def test_japanese_instruments_joined_by_ni_kansuru(text, name):
    m = by_text(extract_mentions(text, "ja"))[name]
    assert m.type == "agreement" and m.action == "signed"


def test_a_plain_statement_is_no_instrument():
    assert not extract_mentions("外務報道官の声明を発表した。", "ja")


def test_memorandum_for_and_french_committee():
    (m,) = extract_mentions("The agencies signed a Memorandum for Promotion of Ocean Cooperation.", "en")
    assert m.type == "agreement" and m.action == "signed"
    text = "La 34e réunion du Comité mixte de coopération scientifique Canada-Japon s'est tenue à Ottawa."
    (m,) = extract_mentions(text, "fr")
    assert m.type == "dialogue" and m.action == "held" and set(m.countries) == {"CA", "JP"}


def test_memoranda_listed_together_each_get_their_action():
    text = ("Les ministres ont salué les protocoles de coopération récemment signés sur les engrais "
            "ainsi que sur les minéraux critiques.")
    first, second = extract_mentions(text, "fr")
    assert first.text.startswith("protocoles de coopération") and second.text.startswith("sur les minéraux")
    assert (first.type, first.action, second.type, second.action) == ("agreement", "signed", "agreement", "signed")
    text = ("The leaders welcomed the signing of the Memorandum of Cooperation on Battery Supply Chain and "
            "the Memorandum of Cooperation on Industrial Science and Technology.")
    assert [m.action for m in extract_mentions(text, "en")] == ["signed", "signed"]


@pytest.mark.parametrize("lang, text, name, entity", [
    ("fr", "Les participants japonais au Projet Kakehashi visitent Ottawa.", "Projet Kakehashi", "kakehashi-project"),
    ("en", "Canada's aircraft monitored illicit ship-to-ship transfers by North Korea.",
     "illicit ship-to-ship transfers", "dprk-ship-to-ship-monitoring"),
    ("ja", "両首脳は「瀬取り」への対応で連携することで一致した。", "「瀬取り」", "dprk-ship-to-ship-monitoring"),
    ("en", "The ministers discussed the Trans-Pacific Partnership.", "Trans-Pacific Partnership", "tpp"),
    ("en", "They agreed on the need for World Trade Organization (WTO) reform.",
     "World Trade Organization (WTO) reform", "wto-reform"),
])
def test_programmes_and_cooperation_the_roadmap_names(lang, text, name, entity):
    assert by_text(extract_mentions(text, lang))[name].canonical_id == entity


def test_tpp_ministerial_meeting_is_no_agreement_mention():
    assert not extract_mentions("The TPP ministerial meeting was postponed to the next day.", "en")


def test_other_partner_working_group_is_not_japan_canada():
    (m,) = extract_mentions("The 3rd Japan-Australia Cyber Working Group was held in Canberra.", "en")
    assert m.type == "dialogue" and set(m.countries) == {"JP", "AU"}


@pytest.mark.parametrize("lang, text, name", [
    ("en", "This year marks the 90th anniversary of Japan-Canada diplomatic relations.",
     "anniversary of Japan-Canada diplomatic relations"),
    ("ja", "日加外交関係樹立90周年を記念する式典が開かれた。", "外交関係樹立90周年"),
    ("fr", "Deux officiers ont suivi le programme REGULUS à bord d'un navire japonais.", "programme REGULUS"),
])
def test_anniversaries_and_named_programmes(lang, text, name):
    assert by_text(extract_mentions(text, lang))[name].type == "programme"


def test_what_was_done_with_o_okonau_is_the_object_only():
    text = "両外相は、CPTPPの新規加入プロセスについても意見交換を行いました。"
    assert by_text(extract_mentions(text, "ja"))["CPTPP"].action is None


@pytest.mark.parametrize("text, name", [
    ("第3回日・サウジアラビア外相級戦略対話の開催", "日・サウジアラビア外相級戦略対話"),
    ("第11回日イスラエル次官級協議の開催", "日イスラエル次官級協議"),
])
def test_japan_before_a_partner_stays_in_the_name(text, name):
    assert [m.text for m in extract_mentions(text, "ja")] == [name]


def test_a_dates_day_is_no_pair():
    assert [m.text for m in extract_mentions("9月22日イスラエル次官級協議を開催", "ja")] == ["イスラエル次官級協議"]


@pytest.mark.parametrize("text", ["About the Japan-Canada Defense Minister Telephone Talks",
                                  "The Japan-Canada Summit Talks took place in Ottawa."])
def test_calls_and_summits_are_the_occasion_not_a_mechanism(text):
    assert not extract_mentions(text, "en")
