"""The release's subject event takes an action though no verb names it (titles, outlines), and
tense cues: intentions are planned, a welcomed signature is a signing, French tenses."""
import pytest

from extractors.extract import extract_mentions
from extractors.subject import title_span


def actions(text, lang):
    return [(m.text, m.action) for m in extract_mentions(text, lang)]


def test_outline_without_a_verb_reports_the_exercise_conducted():
    text = ("日加共同訓練について\n令和8年11月2日\n海上幕僚監部\n1 目的\n戦術技量の向上を図る。\n2 期間\n"
            "令和8年10月20日(火)~10月24日(土)\n3 場所\n四国南方海空域\n4 参加部隊\n護衛艦1隻")
    assert actions(text, "ja") == [("日加共同訓練", "conducted")]


def test_outline_whose_period_follows_the_release_date_is_planned():
    text = ("Japan-Canada bilateral exercise KAEDEX 26-2\nOctober 1, 2026\n1. Objectives: to improve tactical skills.\n"
            "2. Period: October 20 to 24, 2026\n3. Area: south of Shikoku\n4. Participating units: one destroyer")
    assert {a for _, a in actions(text, "en")} == {"planned"}


def test_title_that_reports_a_meeting_means_it_was_held():
    text = "第4回日加経済安全保障対話(結果概要)\n双方は、経済的威圧への対応について意見を述べた。"
    assert actions(text, "ja") == [("日加経済安全保障対話", "held")]
    text = "34e réunion du Comité économique mixte Canada-Japon\nLes représentants ont discuté du commerce."
    assert actions(text, "fr") == [("Comité économique mixte Canada-Japon", "held")]


def test_title_takes_the_tense_the_body_gives_the_same_name():
    text = ("日英共同訓練(ブルー・ハーバー)の実施について\n海上自衛隊は、英国海軍との日英共同訓練を"
            "来月実施する予定です。")
    assert {a for _, a in actions(text, "ja")} == {"planned"}


def test_a_title_without_report_word_or_ordinal_stays_without_action():
    assert actions("Japan-Canada Joint Economic Committee\nOfficials discussed trade.", "en") == [
        ("Japan-Canada Joint Economic Committee", None)]


def test_passing_mention_below_the_title_gets_nothing_from_it():
    text = ("The 5th Japan-Canada Energy Policy Dialogue (Summary)\nThe two sides discussed LNG.\n"
            "They recalled KAEDEX, an exercise of both navies since 2017.")
    got = dict(actions(text, "en"))
    assert got["Japan-Canada Energy Policy Dialogue"] == "held" and got["KAEDEX"] is None


def test_a_paragraph_is_no_title():
    assert title_span("Japan and Canada held talks. They agreed to meet again.\nMore") is None
    text = "\n  第2回日加次官級協議の開催\n本文"
    assert title_span(text) == (3, text.index("\n本文"))


@pytest.mark.parametrize("lang, text, name, action", [
    ("en", "The ministers concurred to expand participation in KAEDEX.", "KAEDEX", "planned"),
    ("ja", "両大臣は、KAEDExへの参加の拡大で一致した。", "KAEDEx", "planned"),
    ("en", "The Prime Minister welcomed the signature earlier this week of the Japan-Canada Security of "
           "Information Agreement.", "Japan-Canada Security of Information Agreement", "signed"),
    ("en", "Operation NANOOK is the signature northern operation of the CAF.", "Operation NANOOK", None),
    ("fr", "Le NCSM Regina et la FMAD mènent l'exercice KAEDEX 26.", "exercice KAEDEX 26", "conducted"),
    ("fr", "La prochaine réunion du Comité économique mixte Canada-Japon se tiendra à Tokyo.",
     "Comité économique mixte Canada-Japon", "planned"),
])
def test_tense_and_intent_cues(lang, text, name, action):
    (m,) = [m for m in extract_mentions(text, lang) if m.text == name]
    assert m.action == action
