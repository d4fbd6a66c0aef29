"""A recorded page whose layout changed fails loudly (SiteChanged naming the URL) instead of yielding a wrong or
empty release: per source, one marker of the markup its selectors rely on, replaced by what a redesign might
put there. The golden files cannot say this: they hold what the parsers read, not what they refuse."""
from __future__ import annotations

import pytest

from tests.support.source_fixtures import assert_drift_fails, assert_listing_drift_fails, listing

MOD_EN_KAEDEX = "KAEDEX"  # mod_press_en's URLs are 40-hex ids: the release is found by its listed title

RELEASE_DRIFT = [  # source, release URL suffix, marker in the recorded page, its replacement
    ("dnd_news_en", "canadian-armed-forces-welcome-japan-maritime-self-defense-force-to-operation-nanook.html",
     b"news-release-container", b"news-release-body"),
    ("dnd_news_fr", "le-ncsm-ville-de-quebec-navigue-avec-le-japon-lors-de-l-exercice-kaedex.html", b"<h1", b"<div"),
    ("gac_news_en", "canada-and-japan-launch-comprehensive-strategic-roadmap.html",
     b"news-release-container", b"news-release-body"),
    ("gac_news_fr", "le-canada-et-le-japon-lancent-une-feuille-de-route-strategique-globale.html", b"<h1", b"<h2"),
    ("kantei_news_ja", "/jp/105/actions/202603/06canada.html", b'id="main-container"', b'id="wrapper"'),
    ("meti_press_ja", "/press/2025/08/20250826001/20250826001.html", b'class="main_txt"', b'class="txt"'),
    ("mod_press_ja", "/j/press/news/2026/10/28a.html", b'class="text"', b'class="txt"'),
    ("mofa_canada_en", "pageite_000001_00915.html", b'id="maincontents"', b'id="contents-main"'),
    ("mofa_canada_ja", "pageit_000001_01305.html", b'id="contents-header"', b'id="header2"'),
    ("mofa_press_en", "pressite_000001_02050.html", b'class="title2"', b'class="title"'),
    ("mofa_press_ja", "pressit_000001_02390.html", b'id="maincontents"', b'id="main-contents"'),
    ("nrcan_news_en", "canada-and-japan-hold-first-energy-policy-dialogue.html",
     b"news-release-container", b"news-release-body"),
    ("pmo_news_en", "/en/news/readouts/2026/11/19/prime-minister-carney-speaks-prime-minister-japan-takaichi-sanae",
     b"content-news-article", b"news-article"),
    ("pmo_news_en", "/en/news/readouts/2026/11/19/prime-minister-carney-speaks-prime-minister-japan-takaichi-sanae",
     b"title-header-inner", b"title-header-text"),
    ("pmo_news_fr", "communiques/2026/07/02/le-premier-ministre-carney-annonce-une-mission-commerciale-d-equipe-"
     "canada-au-japon", b"content-news-article", b"contenu-article"),
]

LISTING_DRIFT = [  # source, marker in the recorded listing page, its replacement
    ("meti_press_listing_ja", b'class="clearfix float_li"', b'class="news_list"'),
    ("mofa_press_en", b'class="title-list"', b'class="list"'),
    ("mofa_press_ja", b'id="pressrelease"', b'id="press-release"'),
]


@pytest.mark.parametrize(("name", "suffix", "old", "new"), RELEASE_DRIFT, ids=lambda v: v if isinstance(v, str) else "")
def test_release_layout_drift_fails_loudly(name, suffix, old, new):
    assert_drift_fails(name, suffix, old, new)


def test_mod_press_en_layout_drift_fails_loudly():
    url = next(i.url for i in listing("mod_press_en").items if MOD_EN_KAEDEX in i.title)
    assert_drift_fails("mod_press_en", url, b'class="article-body"', b'class="body"')


@pytest.mark.parametrize(("name", "old", "new"), LISTING_DRIFT, ids=lambda v: v if isinstance(v, str) else "")
def test_listing_layout_drift_fails_loudly(name, old, new):
    assert_listing_drift_fails(name, old, new)
