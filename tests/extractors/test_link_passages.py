"""Linking without a gazetteer hit: passage similarity, cues, the bilateral test on the whole release,
and a release whose subject is an event. Texts are written for these tests."""
from __future__ import annotations

import pytest

from config.roadmap_data import load_bundle
from extractors.extract import extract_mentions
from extractors.linker import Linker
from extractors.passage_links import document_parties
from extractors.types import DocumentInput


@pytest.fixture(scope="module")
def linker():
    return Linker(load_bundle().commitment_infos(), threshold=0.5)


def links(linker, title, text, lang="en"):
    doc = DocumentInput(id="t", title=title, text=text, lang=lang)
    return linker.link(doc, extract_mentions(text, lang))


def suggested(linker, title, text, lang="en"):
    return {link.commitment_id for link in links(linker, title, text, lang) if link.suggested}


MEETING = "Japan-Canada Foreign Ministers' Meeting"
OPENING = "On May 4, the Minister for Foreign Affairs of Japan met the Minister of Foreign Affairs of Canada in Tokyo. "


def test_cooperation_in_plain_words_links_to_its_bullet(linker):
    text = OPENING + "The two ministers concurred to strengthen bilateral cooperation on Women, Peace and Security (WPS)."
    [best] = [lk for lk in links(linker, MEETING, text) if lk.suggested]
    assert best.commitment_id == "1.5-5"
    # the rationale names the signals that fired
    assert "reads like 1.5-5" in best.rationale and "wps" in best.rationale.lower()
    assert "joint position" in best.rationale and "Japan and Canada" in best.rationale


def test_the_same_words_in_japanese_and_french(linker):
    ja = "両外相は、女性・平和・安全保障(WPS)に関する二国間協力を強化することで一致した。"
    assert "1.5-5" in suggested(linker, "日加外相会談", ja, "ja")
    fr = ("Les deux ministres ont convenu de renforcer la coopération bilatérale sur les femmes, la paix et la "
          "sécurité (FPS) et le maintien de la paix des Nations Unies.")
    assert "1.5-5" in suggested(linker, "Rencontre des ministres des Affaires étrangères du Canada et du Japon", fr, "fr")


def test_a_list_of_areas_is_not_evidence(linker):
    text = OPENING + "The two ministers discussed deepening cooperation in trade, energy and security."
    assert suggested(linker, MEETING, text) == set()


def test_a_release_about_another_partner_is_not_evidence(linker):
    text = ("On May 4, the foreign ministers of Japan and Australia met in Canberra. The two ministers concurred to "
            "strengthen bilateral cooperation on Women, Peace and Security (WPS).")
    found = links(linker, "Japan-Australia Foreign Ministers' Meeting", text)
    assert not any(lk.suggested for lk in found)
    # still visible to analysts, as a low-confidence candidate
    assert any(lk.commitment_id == "1.5-5" for lk in found)


def test_a_multilateral_meeting_in_japan_is_about_the_forum(linker):
    text = ("TOYAMA, Japan - Canada's minister attended the G7 meeting. Local governments across Canada are taking "
            "strong action on climate change and the environment, working together on the triple crisis.")
    assert suggested(linker, "Minister attends G7 Environment Ministers' Meeting", text) == set()


def test_a_passage_about_north_korea_links_only_to_bullets_that_name_it(linker):
    text = (OPENING + "The two ministers confirmed close cooperation toward the complete dismantlement of North "
            "Korea's weapons of mass destruction.")
    assert "2.2-4" not in suggested(linker, MEETING, text)


def test_an_outline_release_whose_title_is_the_event_reports_it(linker):
    title = "The 5th Japan-Canada Energy Policy Dialogue"
    text = "1. Date: 12 March\n2. Venue: Ottawa\n3. Participants: officials of both ministries"
    assert "4.1-1" in suggested(linker, title, text)


def test_a_treaty_named_in_a_title_needs_its_own_verb(linker):
    title = "Statement on the eighth anniversary of the CPTPP"
    text = "Eight years ago today the CPTPP entered into force for Canada, Japan and Australia."
    assert suggested(linker, title, text) == set()


@pytest.mark.parametrize("title, text, pair", [
    ("Premier of British Columbia visits Tokyo", "The premier met Japanese investors.", True),
    ("Consul-General attends Alberta twinned towns meeting", "The Consul-General of Japan spoke.", True),
    ("Japan and the UK sign an arrangement", "Japan and the United Kingdom signed it.", False),
])
def test_places_say_which_country_a_release_is_in(title, text, pair):
    parties = document_parties(title, text, "en")
    assert parties.pair is pair
    assert ("GB" in parties.counts) is (not pair)


def test_a_name_the_gazetteer_lacks_that_reads_like_a_bullet(linker):
    text = (OPENING + "The two ministers welcomed the recently signed Memorandum of Cooperation on Critical Mineral "
            "Processing and Battery Supply Chains between the two countries.")
    found = {lk.commitment_id: lk for lk in links(linker, MEETING, text)}
    assert any(cid.startswith("2.1-") and lk.suggested for cid, lk in found.items())


def test_north_korea_is_the_topic_not_a_partner(linker):
    text = (OPENING + "The two ministers confirmed that Japan and Canada will continue to cooperate in monitoring "
            "ship-to-ship transfers by North Korea that evade United Nations sanctions.")
    assert "1.4-1" in suggested(linker, MEETING, text)
    # a passage that only names North Korea is not about any bullet
    text = OPENING + "The two ministers confirmed close coordination on North Korea."
    assert suggested(linker, MEETING, text) == set()


@pytest.mark.parametrize("lang, title, text", [
    ("en", "Canadian blueberries gain access to Japan",
     "Ottawa, June 2: The Minister of Agriculture of Canada announced today that Canada and Japan concluded "
     "negotiations on import conditions, giving Canadian blueberry growers new market access to Japan."),
    ("ja", "カナダ産ブルーベリー、日本への市場アクセスを得る",
     "カナダ農務大臣は本日、カナダ産ブルーベリーを日本に輸出するための条件について日本政府と交渉を行い、"
     "新たに日本への市場アクセスを得たことを発表しました。"),
    ("fr", "Les bleuets canadiens obtiennent l'accès au marché japonais",
     "Le ministre de l'Agriculture du Canada a annoncé aujourd'hui que le Canada et le Japon ont conclu les "
     "négociations sur les conditions d'importation, ce qui donne aux producteurs un nouvel accès au marché "
     "japonais."),
])
def test_market_access_won_for_a_farm_product_is_agri_food_trade(linker, lang, title, text):
    assert "4.2-1" in suggested(linker, title, text, lang)


def test_market_access_as_a_promise_is_not_progress(linker):
    text = "Japan and Canada are both members of the CPTPP, which will provide market access to key markets."
    assert "4.2-1" not in suggested(linker, "Trade in the Asia-Pacific", text)


@pytest.mark.parametrize("lang, title, text", [
    ("en", "Evacuation of Japanese Citizens from Country X",
     "On May 3, in the operation to evacuate Japanese citizens from Country X, three Japanese citizens "
     "seeking evacuation were evacuated by a Canadian aircraft in cooperation with Canada."),
    ("ja", "X国からの邦人等の退避",
     "5月3日、X国からの邦人退避の取組として、退避を希望する在留邦人3名が、カナダの協力により、カナダ軍機で隣国に退避しました。"
     "日本政府は、カナダ政府の協力に感謝します。"),
])
def test_evacuation_of_nationals_with_the_other_s_help_is_protection_of_nationals(linker, lang, title, text):
    assert "1.5-4" in suggested(linker, title, text, lang)


def test_one_country_evacuating_its_own_citizens_is_not_bilateral(linker):
    text = ("Canada evacuated 120 Canadian citizens from Country X on military aircraft this week. "
            "Consular officials continue to assist Canadians who wish to leave.")
    assert "1.5-4" not in suggested(linker, "Government of Canada helps Canadians leave Country X", text)


@pytest.mark.parametrize("lang, name", [
    ("fr", "dialogue économique entre les deux pays"),
    ("en", "economic dialogue between the two countries"),
])
def test_a_dialogue_between_the_two_countries_reads_as_the_bilateral_dialogue(linker, lang, name):
    found = linker.passages.name_topic(name, lang)
    assert found is not None and found[0] == "3-1"
