"""What a release says of the happening behind a link: its date, ordinal and place, and whether it
reports it at all (a report, a passing mention, a plan, an intention, a restated plan).

Texts are our own, written for these tests."""
from __future__ import annotations

import datetime as dt

import pytest

from extractors.event_date import earlier_period, happening_date
from extractors.happening import happening_of, happenings, read_ordinal, read_place
from extractors.restatement import restates_plan, states_intent
from extractors.types import DocumentInput, Link, Mention

D = dt.date


def _at(sentence, name):
    start = sentence.index(name)
    return start, start + len(name)


@pytest.mark.parametrize("sentence,name,lang,published,expected", [
    ("On 9 March, the Cyber Policy Dialogue was held.", "Cyber", "en", D(2026, 3, 10), (D(2026, 3, 9), True)),
    ("3月9日、日加サイバー政策対話が開催された。", "日加", "ja", D(2026, 3, 10), (D(2026, 3, 9), True)),
    ("Du 3 au 7 mars, l'exercice KAEDEx a eu lieu.", "KAEDEx", "fr", D(2026, 3, 10), (D(2026, 3, 3), True)),
    ("Yesterday the two ministers held the Economic Dialogue.", "Economic", "en", D(2026, 5, 2), (D(2026, 5, 1), True)),
    ("本9日、日加経済対話が開催された。", "日加", "ja", D(2026, 5, 10), (D(2026, 5, 9), True)),
    ("昨30日、日加経済対話が開催された。", "日加", "ja", D(2026, 5, 1), (D(2026, 4, 30), True)),
    # a year-less December date in a January release is last December
    ("On 28 December the ministers met at the Economic Dialogue.", "Economic", "en", D(2027, 1, 4),
     (D(2026, 12, 28), True)),
    ("The ministers held the Economic Dialogue.", "Economic", "en", D(2026, 5, 2), (D(2026, 5, 2), False)),
])
def test_the_happening_date_is_read_from_the_text_else_the_release_date(sentence, name, lang, published, expected):
    assert happening_date(sentence, sentence.index(name), lang, published) == expected


def test_a_date_that_dates_another_document_is_not_the_happenings():
    s = "Following the Roadmap of 6 March, the Cyber Policy Dialogue was held on 9 March."
    assert happening_date(s, s.index("Cyber"), "en", D(2026, 3, 10)) == (D(2026, 3, 9), True)
    s = "3月6日付のロードマップを受け、3月9日に日加サイバー政策対話が開催された。"
    assert happening_date(s, s.index("日加"), "ja", D(2026, 3, 10)) == (D(2026, 3, 9), True)


def test_the_date_of_another_act_is_never_the_happenings():
    s = ("March 9, 2026 - Tokyo - Canada and Japan today held the first Energy Policy Dialogue, a commitment of "
         "the Roadmap released on March 6.")
    assert happening_date(s, s.index("held"), "en", D(2026, 3, 9)) == (D(2026, 3, 9), True)
    s = "The Energy Policy Dialogue, announced on 2 March, was held in Ottawa."
    assert happening_date(s, s.index("held"), "en", D(2026, 3, 10)) == (D(2026, 3, 10), False)
    s = "3月6日に発出されたロードマップを受け、日加エネルギー政策対話が開催された。"
    assert happening_date(s, s.index("開催"), "ja", D(2026, 3, 10)) == (D(2026, 3, 10), False)


def test_today_in_a_copy_published_later_is_the_day_its_dateline_gives():
    s = "OTTAWA, March 9, 2026 - Today, Canada and Japan held the first Cyber Policy Dialogue."
    assert happening_date(s, s.index("held"), "en", D(2026, 3, 11)) == (D(2026, 3, 9), True)


def test_earlier_months_and_years_are_told_from_the_release_month():
    assert earlier_period("KAEDEx, conducted in June, went well.", "en", D(2026, 9, 3))
    assert earlier_period("2025年6月に実施された訓練", "ja", D(2026, 9, 3))
    assert earlier_period("l'exercice mené en juin 2025", "fr", D(2026, 9, 3))
    assert not earlier_period("KAEDEx is under way this September.", "en", D(2026, 9, 3))
    assert not earlier_period("The exercise will be held in 2027.", "en", D(2026, 9, 3))


@pytest.mark.parametrize("sentence,name,lang,ordinal", [
    ("The 13th Japan-Canada Economic Dialogue was held.", "Japan-Canada Economic Dialogue", "en", 13),
    ("They held the fourteenth meeting of the Economic Dialogue.", "Economic Dialogue", "en", 14),
    ("第14回日加経済対話が開催された。", "日加経済対話", "ja", 14),
    ("日加経済対話(第13回)が開催された。", "日加経済対話", "ja", 13),
    ("La 2e réunion du Dialogue économique a eu lieu.", "Dialogue économique", "fr", 2),
    ("The inaugural Cyber Policy Dialogue took place.", "Cyber Policy Dialogue", "en", 1),
    ("For the first time, Canada joined the Cyber Policy Dialogue.", "Cyber Policy Dialogue", "en", None),
    ("Japan and Canada held for the first time the Cyber Policy Dialogue.", "Cyber Policy Dialogue", "en", None),
    ("The Economic Dialogue was held in Tokyo.", "Economic Dialogue", "en", None),
])
def test_ordinals_are_read_in_or_next_to_the_name(sentence, name, lang, ordinal):
    assert read_ordinal(sentence, *_at(sentence, name), lang) == ordinal


@pytest.mark.parametrize("sentence,name,lang,place", [
    ("The Economic Dialogue was held in Ottawa on 9 March.", "Economic", "en", "ottawa"),
    ("3月9日、東京で日加経済対話が開催された。", "日加", "ja", "tokyo"),
    ("第5回日加経済対話は、東京（外務省）にて開催された（前回はオタワにて開催）。", "日加", "ja", "tokyo"),
    ("Le Dialogue économique s'est tenu à Montréal.", "Dialogue", "fr", "montreal"),
    ("The Economic Dialogue was held by videoconference.", "Economic", "en", "online"),
    ("The Tokyo office reported that the Economic Dialogue was held.", "Economic", "en", None),
])
def test_places_are_cities_in_a_locative_phrase(sentence, name, lang, place):
    assert read_place(sentence, sentence.index(name), lang) == place


@pytest.mark.parametrize("sentence,name,action,lang,intent", [
    ("The leaders concurred to expand participation in KAEDEx.", "KAEDEx", "participated", "en", True),
    ("The ministers agreed to further promote the conduct of KAEDEx.", "KAEDEx", "conducted", "en", True),
    ("両首脳はKAEDExへの参加を拡大することで一致した。", "KAEDEx", "participated", "ja", True),
    ("両国はKAEDExを実施することで一致した。", "KAEDEx", "conducted", "ja", True),
    ("大臣は第3回日加経済対話の開催を調整したい旨述べた。", "日加経済対話", "held", "ja", True),
    ("Les ministres ont convenu d'élargir la participation à KAEDEx.", "KAEDEx", "participated", "fr", True),
    ("HMCS Example participated in KAEDEx.", "KAEDEx", "participated", "en", False),
    ("両国はKAEDExに参加した。", "KAEDEx", "participated", "ja", False),
])
def test_an_intention_about_a_happening_is_told_from_the_happening(sentence, name, action, lang, intent):
    assert states_intent(sentence, *_at(sentence, name), action, lang) is intent


def test_releases_that_issue_or_restate_a_plan():
    assert restates_plan("Japan-Canada Comprehensive Strategic Roadmap", "The two countries will...", "en")
    assert restates_plan("日加首脳会談", "両首脳は、日加包括的戦略ロードマップを発出した。その後…", "ja")
    assert restates_plan("Déclaration commune du Canada et du Japon", "Le Canada et le Japon…", "fr")
    assert not restates_plan("Japan-Canada Economic Dialogue held", "The 13th dialogue was held in Tokyo.", "en")
    assert restates_plan("Leaders meet", "Today the leaders released a new Japan-Canada roadmap.", "en")
    # a roadmap only cited, not issued, in the lede is no restatement
    assert not restates_plan("Exercise KAEDEx concludes", "Under the Roadmap, the navies trained together.", "en")
    assert not restates_plan("Dialogue held", "After the Roadmap was released on 6 March, the dialogue met.", "en")
    assert not restates_plan("対話の開催", "3月6日に発出されたロードマップを受け、対話が開催された。", "ja")


# ---- roles: one link, one release ----

def _doc(title, text, published, lang="en"):
    return DocumentInput(id="d", text=text, title=title, lang=lang, published=published)


def _link_to(text, name, canonical, action, *, lang="en", mention_type="exercise", cid="1.1-2b"):
    start = text.index(name)
    sent_start = max(text.rfind(". ", 0, start) + 2, 0) if text.rfind(". ", 0, start) >= 0 else 0
    sent_end = text.find(".", start) + 1 or len(text)
    m = Mention(type=mention_type, text=name, start=start, end=start + len(name), sentence=text[sent_start:sent_end],
                sentence_start=sent_start, canonical_id=canonical, action=action, lang=lang)
    return Link(commitment_id=cid, section=cid.split("-")[0], score=0.8, rationale="r",
                mention_spans=((m.start, m.end),), action=action, canonical_id=canonical), [m]


def test_a_release_about_the_happening_reports_it_on_the_date_it_states():
    text = "Japan and Canada held the Economic Dialogue in Tokyo on 9 March. Officials discussed trade."
    link, mentions = _link_to(text, "Economic Dialogue", "esd", "held", mention_type="dialogue")
    h = happening_of(_doc("Economic Dialogue held", text, D(2026, 3, 10)), link, mentions)
    assert (h.role, h.date, h.date_stated, h.place) == ("report", D(2026, 3, 9), True, "tokyo")


def test_the_happening_is_dated_where_its_verb_is():
    # the roadmap's date sits nearer the name; the dialogue was held three days after it
    text = "After the Roadmap was released on 6 March, the Cyber Policy Dialogue was held in Ottawa on 9 March."
    link, mentions = _link_to(text, "Cyber Policy Dialogue", "cyber", "held", mention_type="dialogue")
    h = happening_of(_doc("Cyber Policy Dialogue", text, D(2026, 3, 10)), link, mentions)
    assert (h.role, h.date, h.place) == ("report", D(2026, 3, 9), "ottawa")


def test_an_exercise_mentioned_in_a_later_call_is_a_passing_mention():
    text = ("September 3, 2026 — The Prime Minister spoke with the Prime Minister of Japan. "
            "The leaders welcomed the successful conduct of KAEDEx in June.")
    link, mentions = _link_to(text, "KAEDEx", "kaedex", "conducted")
    h = happening_of(_doc("Prime Minister speaks with the Prime Minister of Japan", text, D(2026, 9, 3)), link, mentions)
    assert h.role == "passing" and not h.makes_event and h.joins_event


def test_a_stated_date_weeks_before_the_release_is_a_passing_mention():
    text = ("The Indo-Pacific security forum met in Halifax this week. "
            "Japan and Canada signed the ACSA protocol on 2 February, speakers noted.")
    link, mentions = _link_to(text, "ACSA", "acsa", "signed", mention_type="agreement", cid="1.1-2a")
    h = happening_of(_doc("Forum on Indo-Pacific security", text, D(2026, 4, 20)), link, mentions)
    assert (h.role, h.date) == ("passing", D(2026, 2, 2))


def test_a_summary_posted_months_later_still_reports_what_its_title_names():
    text = "Summary. The 13th Joint Economic Committee was held in Ottawa on 20 June. Officials reported progress."
    link, mentions = _link_to(text, "Joint Economic Committee", "jp-ca-joint-economic-committee", "held",
                              mention_type="dialogue", cid="3-1")
    h = happening_of(_doc("13th Japan-Canada Joint Economic Committee", text, D(2026, 12, 15)), link, mentions)
    assert (h.role, h.date, h.ordinal, h.place) == ("report", D(2026, 6, 20), 13, "ottawa")


def test_plans_intentions_and_restatements_make_no_event():
    text = "Japan and Canada will hold the Economic Dialogue in Ottawa on 20 May."
    link, mentions = _link_to(text, "Economic Dialogue", "esd", "planned", mention_type="dialogue")
    assert happening_of(_doc("Dialogue announced", text, D(2026, 5, 1)), link, mentions).role == "planned"
    # the extractor saw "hold" as held: the date after the release still says it has not happened
    link, mentions = _link_to(text, "Economic Dialogue", "esd", "held", mention_type="dialogue")
    assert happening_of(_doc("Dialogue announced", text, D(2026, 5, 1)), link, mentions).role == "planned"
    text = "The two leaders concurred to expand participation in KAEDEx."
    link, mentions = _link_to(text, "KAEDEx", "kaedex", "participated")
    assert happening_of(_doc("Summit", text, D(2026, 5, 1)), link, mentions).role == "intent"
    text = "Under this roadmap, the ACSA entered into force and the navies participate in KAEDEx."
    link, mentions = _link_to(text, "KAEDEx", "kaedex", "participated")
    found = happenings(_doc("Japan-Canada Comprehensive Strategic Roadmap", text, D(2026, 3, 6)), [link], mentions)
    assert found["1.1-2b"].role == "restated" and not found["1.1-2b"].joins_event


def test_a_welcome_in_a_call_about_something_else_is_a_passing_mention():
    text = ("November 19, 2026 - The Prime Minister spoke with the Prime Minister of Japan. The leaders welcomed "
            "progress on the roadmap, including Japan's participation in Operation NANOOK.")
    link, mentions = _link_to(text, "Operation NANOOK", "ca-op-nanook", "participated")
    assert happening_of(_doc("Prime Minister speaks with Prime Minister of Japan", text, D(2026, 11, 19)),
                        link, mentions).role == "passing"
    # the same words in a release about the operation report it
    assert happening_of(_doc("Operation NANOOK with Japan", text, D(2026, 11, 19)), link, mentions).role == "report"


def test_a_plan_document_named_as_the_frame_of_an_act_is_not_what_happened():
    text = "Notes: the exercise was conducted under the Japan-Canada Comprehensive Strategic Roadmap."
    link, mentions = _link_to(text, "Japan-Canada Comprehensive Strategic Roadmap", "roadmap", "conducted",
                              mention_type="mechanism")
    assert happening_of(_doc("Bilateral exercise", text, D(2026, 10, 28)), link, mentions).role == "cited"



def test_an_agreement_signed_in_a_sentence_that_also_says_conducted_was_signed():
    # 実施取決め (an implementing arrangement) reads as 実施 (conducted) before 署名 (signed)
    text = "本日、東京において、日加情報保護協定に基づく実施取決めの署名が行われました。"
    link, mentions = _link_to(text, "日加情報保護協定", "jp-ca-sia", "conducted", lang="ja",
                              mention_type="agreement", cid="1.2-1")
    h = happening_of(_doc("実施取決めの署名", text, D(2026, 7, 15), lang="ja"), link, mentions)
    assert (h.action, h.role, h.date, h.place) == ("signed", "report", D(2026, 7, 15), "tokyo")
