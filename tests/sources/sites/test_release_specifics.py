"""Release behaviour of single sources that their golden files cannot show (a page read without its listing
item or on another day, an edited copy), and what each source's body must leave out: the golden files hold
today's exact bodies, this table says why, so that a golden refresh cannot quietly let page chrome back in."""
from __future__ import annotations

from datetime import date

import pytest

from sources.parse import ListingItem, parse_article
from tests.support.golden_summary import listing_pages
from tests.support.source_fixtures import page, release, source

BODY_LEAVES_OUT = [  # source, release URL suffix, text of the page that is not the release's body
    ("dnd_news_en", "canadian-armed-forces-welcome-japan-maritime-self-defense-force-to-operation-nanook.html",
     ["conducted annually since 2007"]),
    ("gac_news_en", "canada-and-japan-launch-comprehensive-strategic-roadmap.html",
     ["Quick facts", "fourth-largest", "Media Relations Office", "Indo-Pacific Strategy", "From:", "Date modified"]),
    ("gac_news_fr", "le-canada-et-le-japon-lancent-une-feuille-de-route-strategique-globale.html",
     ["Faits en bref", "Personnes-ressources", "Relations avec les médias"]),
    ("kantei_news_ja", "/jp/105/actions/202603/06canada.html", ["会談に臨む", "シェア"]),
    ("meti_press_ja", "/press/2025/08/20250826001/20250826001.html", ["電池産業室", "関連リンク"]),
    ("mod_press_ja", "/j/press/news/2026/10/28a.html", ["PDF"]),
    ("mofa_canada_en", "pageite_000001_00915.html", ["Back to Canada"]),
    ("mofa_canada_ja", "pageit_000001_01305.html", ["カナダへ戻る"]),
    ("mofa_press_en", "pressite_000001_02050.html", ["Open a New Window", "(PDF)"]),
    ("mofa_press_en", "pressite_000001_01702.html", ["Back to Press Releases", "Cabinet Public Affairs Office"]),
    ("mofa_press_ja", "pressit_000001_02390.html", ["写真提供", "報道発表へ戻る", "ページの先頭へ戻る"]),
    ("mofa_press_ja", "pressit_000001_02877.html", ["別ウィンドウで開く", "PDF"]),
    ("newswire_cnw_en", "launch-canada-japan-comprehensive-strategic-roadmap-812345678.html",
     ["SOURCE Prime Minister's Office", "Other news from this source", "Contact"]),
    ("nrcan_news_en", "canada-and-japan-hold-first-energy-policy-dialogue.html", ["343-292-6100"]),
    ("pmo_news_en", "/en/news/readouts/2026/11/19/prime-minister-carney-speaks-prime-minister-japan-takaichi-sanae",
     ["Ottawa, Ontario", "November 19, 2026", "Back to news", "Prime Minister of Canada"]),
]


@pytest.mark.parametrize(("name", "suffix", "chrome"), BODY_LEAVES_OUT, ids=lambda v: v if isinstance(v, str) else "")
def test_body_leaves_out_page_chrome(name, suffix, chrome):
    url = next(u for u in _listed(name) if u.endswith(suffix))
    raw = page(name, url).decode("utf-8", "replace")
    body = release(name, suffix).body
    assert body, url
    leaked = [text for text in chrome if text in body]
    assert not leaked, f"{name}: {leaked} leaked into the body of {url}"
    assert all(text in raw for text in chrome), "what the body leaves out must be on the recorded page"


def _listed(name: str) -> list[str]:
    return [i.url for _, found in listing_pages(name) for i in found.items]


def test_mofa_shift_jis_page_read_without_a_listing_item_decodes():
    url = "https://www.mofa.go.jp/mofaj/press/release/press4_007310.html"
    got = parse_article(source("mofa_press_ja"), page("mofa_press_ja", url), url=url, content_type="text/html")
    assert got.title == "日加外相電話会談" and got.published == date(2019, 4, 5) and "河野外務大臣" in got.body


def test_msdf_year_from_fetch_date_when_no_feed_date():
    url = "https://www.mod.go.jp/msdf/sf/news/09/0921-02.html"
    cfg = source("mod_press_ja")
    got = parse_article(cfg, page("mod_press_ja", url), url=url, item=ListingItem(url=url), fetched_on=date(2027, 1, 5))
    assert got.published == date(2026, 9, 18)


def test_pmo_date_falls_back_on_the_url_without_a_date_node():
    url = ("https://www.pm.gc.ca/en/news/statements/2026/03/06/"
           "joint-statement-prime-minister-carney-and-prime-minister-takaichi")
    body = page("pmo_news_en", url).replace(b'class="inline-date"', b'class="byline"')
    assert body != page("pmo_news_en", url)
    got = parse_article(source("pmo_news_en"), body, url=url, item=None, fetched_on=date(2026, 11, 27))
    assert got.published == date(2026, 3, 6)
