"""Body text without navigation, captions, link-text leaks, back links and canada.ca trailers; generic extractor."""
from datetime import date

import pytest
from bs4 import BeautifulSoup

from sources.article import parse_html_article
from sources.cleaning import clean_lines, text_lines
from sources.content_types import classify, from_url
from sources.errors import SiteChanged
from sources.release import ListingItem

URL = "https://www.example.go.jp/press/a.html"


def _lines(html):
    return clean_lines(text_lines(BeautifulSoup(html, "lxml").body))


def test_inline_links_do_not_split_sentences():
    assert _lines("<p>The <a href='#'>Roadmap</a> was released.</p>") == ["The Roadmap was released."]


@pytest.mark.parametrize("leak", ["別ウィンドウで開く", "Open a New Window", "(PDF)", "（PDF）", "(PDF:120KB)", "（PDF形式：1.2MB）"])
def test_link_text_leaks_are_removed(leak):
    assert _lines(f"<p>協定の本文{leak}を公表しました。</p>") == ["協定の本文 を公表しました。"]


@pytest.mark.parametrize("back", ["Back to Press Releases", "Back to Canada", "カナダへ戻る", "報道発表へ戻る",
                                  "ページの先頭へ戻る", "Retour aux nouvelles"])
def test_back_links_are_dropped(back):
    assert _lines(f"<p>本文です。</p><p><a href='/'>{back}</a></p>") == ["本文です。"]


@pytest.mark.parametrize("heading", ["Quick facts", "Associated links", "Contacts", "Faits en bref", "Liens connexes",
                                     "Personnes-ressources"])
def test_canada_trailers_are_cut(heading):
    html = f"<p>Release text.</p><h2>Quotes</h2><p>“Quote.”</p><h2>{heading}</h2><ul><li>A fact.</li></ul>"
    assert _lines(html) == ["Release text.", "Quotes", "“Quote.”"]


def test_newswire_source_trailer_is_cut():
    assert _lines("<p>TOKYO, March 6, 2026 /CNW/ - Text.</p><p>SOURCE Prime Minister's Office</p><p>Contact</p>") == [
        "TOKYO, March 6, 2026 /CNW/ - Text."]


def test_photo_captions_and_furniture_are_dropped():
    html = ("<html><body><nav>Menu</nav><main><h1>日加首脳会談</h1><figure><img alt='会談の様子'>"
            "<figcaption>写真提供：内閣広報室</figcaption></figure><p>両首脳は会談を行いました。</p></main>"
            "<footer>Copyright</footer></body></html>")
    got = parse_html_article({}, html, url=URL)
    assert got.body == "両首脳は会談を行いました。"


ARTICLE = {"title": "#main h1", "date": "#main .date", "body": "#main .body", "drop": [".photo"]}
PAGE = """<html lang="en"><head><link rel="canonical" href="/press/canonical.html"></head><body>
<div id="main"><h1>Japan-Canada Summit Meeting</h1><p class="date">March 6, 2026</p>
<div class="body"><div class="photo"><p>Photo: Cabinet Public Affairs Office</p></div>
<p>Readout</p><p>The two leaders released the Roadmap.</p></div></div></body></html>"""


def test_configured_fields():
    got = parse_html_article(ARTICLE, PAGE, url=URL, default_type="news-release")
    assert (got.title, got.published, got.body, got.lang) == (
        "Japan-Canada Summit Meeting", date(2026, 3, 6), "The two leaders released the Roadmap.", "en")


def test_content_type_from_lead_label():
    assert parse_html_article(ARTICLE, PAGE, url=URL).content_type == "readout"


def test_canonical_url_from_link_rel():
    assert parse_html_article(ARTICLE, PAGE, url=URL).canonical_url == "https://www.example.go.jp/press/canonical.html"


def test_canonical_url_defaults_to_the_url():
    assert parse_html_article(ARTICLE, PAGE.replace('rel="canonical"', 'rel="alternate"'), url=URL).canonical_url == URL


def test_date_from_listing_item_when_page_has_none():
    page = PAGE.replace("March 6, 2026", "")
    item = ListingItem(url=URL, published=date(2026, 3, 7))
    assert parse_html_article(ARTICLE, page, url=URL, item=item).published == date(2026, 3, 7)


def test_date_from_url_pattern():
    article = dict(ARTICLE, date_from_url=r"/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/")
    page = PAGE.replace("March 6, 2026", "")
    got = parse_html_article(article, page, url="https://www.pm.gc.ca/en/news/readouts/2026/03/06/x")
    assert got.published == date(2026, 3, 6)


def test_relative_date_resolved_against_fetch_date():
    page = PAGE.replace("March 6, 2026", "").replace("The two leaders", "Yesterday, the two leaders")
    got = parse_html_article(ARTICLE, page, url=URL, fetched_on=date(2026, 3, 7))
    assert got.published == date(2026, 3, 6)


@pytest.mark.parametrize("old, new", [('<h1>', '<h2>'), ('class="body"', 'class="content"')])
def test_missing_selector_is_site_changed(old, new):
    with pytest.raises(SiteChanged) as caught:
        parse_html_article(ARTICLE, PAGE.replace(old, new), url=URL)
    assert caught.value.url == URL


def test_empty_body_is_site_changed():
    with pytest.raises(SiteChanged):
        parse_html_article(ARTICLE, PAGE.replace("The two leaders released the Roadmap.", ""), url=URL)


@pytest.mark.parametrize("label, slug", [("News release", "news-release"), ("Communiqué de presse", "news-release"),
                                         ("(Press Release)", "news-release"), ("Backgrounder", "backgrounder"),
                                         ("Compte rendu", "readout"), ("Déclaration", "statement"), ("Hello", "")])
def test_content_type_labels(label, slug):
    assert classify(label) == slug


def test_content_type_from_url():
    assert from_url("https://www.pm.gc.ca/fr/nouvelles/comptes-rendus/2026/03/06/x") == "readout"
