"""meti_press_ja: METI news releases via its Atom (ml_index_release_atom.xml, <updated> in UTC); paths by fiscal
year, Western Japanese dates."""
from datetime import date

from tests.support.source_fixtures import assert_drift_fails, listing, release

NAME = "meti_press_ja"
BATTERY = "/press/2025/08/20250826001/20250826001.html"
ENERGY = "/press/2025/03/20260309002/20260309002.html"


def test_atom_items():
    assert len(listing(NAME).items) == 4


def test_utc_timestamps_become_japanese_dates():
    # 2026-06-17T15:00:00Z is 18 June in Tokyo, the day in the release id 20260618001.
    assert [i.published for i in listing(NAME).items] == [
        date(2026, 7, 1), date(2026, 6, 18), date(2026, 3, 9), date(2025, 8, 26)]


def test_atom_summary():
    assert listing(NAME).items[-1].summary.startswith("本日、経済産業大臣")


def test_title():
    assert release(NAME, BATTERY).title == "日カナダ間の蓄電池サプライチェーンに関する協力覚書に署名しました"


def test_western_japanese_date():
    assert release(NAME, ENERGY).published == date(2026, 3, 9)


def test_body_without_contact_or_related_links():
    body = release(NAME, BATTERY).body
    assert "電池産業室" not in body and "関連リンク" not in body


def test_layout_drift_fails_loudly():
    assert_drift_fails(NAME, BATTERY, b'class="main_txt"', b'class="txt"')
