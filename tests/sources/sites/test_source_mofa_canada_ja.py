"""mofa_canada_ja: MOFA's Japanese Canada pages (dated list; one old EUC-JP page without any charset label)."""
from datetime import date

from tests.support.source_fixtures import assert_drift_fails, listing, release

NAME = "mofa_canada_ja"
CYBER = "pageit_000001_01305.html"
OLD_EUC_JP = "page4_005123.html"


def test_listing_has_every_page():
    assert len(listing(NAME).items) == 4


def test_listing_dates():
    assert listing(NAME).items[0].published == date(2026, 9, 3)


def test_title():
    assert release(NAME, CYBER).title == "第1回日加サイバー協議の開催"


def test_published():
    assert release(NAME, CYBER).published == date(2026, 5, 20)


def test_body_without_back_link():
    body = release(NAME, CYBER).body
    assert "カナダへ戻る" not in body and body.endswith("一致しました。")


def test_content_type_is_the_sources_default():
    assert release(NAME, CYBER).content_type == "page"


def test_euc_jp_page_without_label_decodes():
    assert "日加物品役務相互提供協定" in release(NAME, OLD_EUC_JP).body


def test_reiwa_gannen():
    assert release(NAME, OLD_EUC_JP).published == date(2019, 9, 25)


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, CYBER, b'id="contents-header"', b'id="header2"')
