"""Dates as the ministries write them."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from sources.dates import local_date, parse_date, resolve_relative, today_in

REF = date(2026, 11, 27)


@pytest.mark.parametrize("text, expected", [
    ("令和7年11月11日", date(2025, 11, 11)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("令和６年１１月２１日(木曜日)", date(2024, 11, 21)),
    ("令和6年11月21日(木曜日)", date(2024, 11, 21)),
    ("平成31年4月5日", date(2019, 4, 5)),
    ("平成元年1月8日", date(1989, 1, 8)),
    ("2025年8月26日", date(2025, 8, 26)),
    ("November 7, 2023", date(2023, 11, 7)),
    ("Nov. 7, 2023", date(2023, 11, 7)),
    ("7 November 2023", date(2023, 11, 7)),
    ("1er octobre 2024", date(2024, 10, 1)),
    ("le 1er oct. 2024", date(2024, 10, 1)),
    ("Le 17 août 2026", date(2026, 8, 17)),
    ("2 février 2025", date(2025, 2, 2)),
    ("2026-03-06", date(2026, 3, 6)),
    ("April 21, 2018 - Toronto, Ontario - Global Affairs Canada", date(2018, 4, 21)),
    ("April 21, 2018 – Toronto, Ontario – Global Affairs Canada", date(2018, 4, 21)),
    ("Le 6 mars 2026 – Tokyo (Japon) – Affaires mondiales Canada", date(2026, 3, 6)),
    ("TOKYO, March 6, 2026 /CNW/ - Today, the Prime Minister", date(2026, 3, 6)),
    ("OTTAWA, ON, le 1er oct. 2024 /CNW/ -", date(2024, 10, 1)),
])
def test_full_dates(text, expected):
    assert parse_date(text) == expected


def test_first_date_in_text_wins():
    assert parse_date("会談は令和8年3月6日に行われ、2026年4月1日に発効") == date(2026, 3, 6)


def test_impossible_date_is_skipped():
    assert parse_date("February 30, 2026, then March 2, 2026") == date(2026, 3, 2)


def test_no_date():
    assert parse_date("Back to Press Releases") is None


def test_month_day_without_year_needs_a_reference():
    assert parse_date("9月18日、護衛艦「てるづき」は") is None


def test_month_day_takes_the_reference_year():
    assert parse_date("9月18日、護衛艦", reference=date(2026, 9, 21)) == date(2026, 9, 18)


def test_month_day_after_the_reference_is_last_year():
    assert parse_date("12月28日、護衛艦", reference=date(2027, 1, 5)) == date(2026, 12, 28)


@pytest.mark.parametrize("text, expected", [
    ("Today, the Prime Minister spoke with", REF),
    ("Yesterday, the Prime Minister spoke with", date(2026, 11, 26)),
    ("Aujourd’hui, le premier ministre", REF),
    ("Hier, le premier ministre", date(2026, 11, 26)),
])
def test_relative_readout_dates(text, expected):
    assert parse_date(text, reference=REF) == expected


def test_relative_word_needs_a_reference():
    assert parse_date("Today, the Prime Minister") is None


def test_relative_word_inside_a_sentence_is_not_a_date():
    assert parse_date("The ministers met today.", reference=REF) is None


def test_resolve_relative_unknown_word():
    assert resolve_relative("tomorrowish", REF) is None


@given(st.text())
def test_any_text_gives_a_date_or_none(text):
    assert parse_date(text, reference=REF) is None or isinstance(parse_date(text, reference=REF), date)


@given(st.integers(min_value=0, max_value=10**6), st.integers(0, 99), st.integers(0, 99))
def test_any_era_numbers_give_a_date_or_none(year, month, day):
    found = parse_date(f"令和{year}年{month}月{day}日")
    assert found is None or found.year == 2018 + year


@pytest.mark.parametrize("text, expected", [
    ("8月19日付", date(2026, 8, 19)),
    ("July 7", date(2026, 7, 7)),
    ("Press Releases July 7 Japan-Canada talks", date(2026, 7, 7)),
    ("On 7 July the two ministers", date(2026, 7, 7)),
    ("Sept. 3rd", date(2026, 9, 3)),
    ("le 7 juillet", date(2026, 7, 7)),
    ("December 30", date(2025, 12, 30)),
])
def test_year_less_dates_in_japanese_english_and_french(text, expected):
    assert parse_date(text, reference=date(2026, 8, 20)) == expected


def test_year_less_english_needs_a_reference():
    assert parse_date("July 7") is None


def test_lower_case_may_is_not_a_month():
    assert parse_date("Ministers may 5 times meet", reference=REF) is None


def test_year_less_date_does_not_hide_a_full_one():
    assert parse_date("July 7, 2024", reference=REF) == date(2024, 7, 7)


@pytest.mark.parametrize("stamp, zone, expected", [
    ("2026-06-10T15:00:00Z", "Asia/Tokyo", date(2026, 6, 11)),
    ("Tue, 11 Aug 2026 00:00:00 +0900", "Asia/Tokyo", date(2026, 8, 11)),
    ("Mon, 10 Aug 2026 15:00:00 GMT", "Asia/Tokyo", date(2026, 8, 11)),
    ("Thu, 09 Jul 2026 22:00:00 -0400", "America/Toronto", date(2026, 7, 9)),
    ("2026-07-10T02:00:00Z", "America/Toronto", date(2026, 7, 9)),
    ("2026-07-09 23:30", "Asia/Tokyo", date(2026, 7, 9)),
])
def test_feed_timestamps_become_the_sites_local_date(stamp, zone, expected):
    assert local_date(stamp, ZoneInfo(zone)) == expected


def test_not_a_timestamp():
    assert local_date("令和8年8月19日", ZoneInfo("Asia/Tokyo")) is None


def test_today_on_the_sites_calendar():
    now = datetime(2026, 6, 10, 15, 30, tzinfo=timezone.utc)
    assert (today_in(ZoneInfo("Asia/Tokyo"), now), today_in(ZoneInfo("America/Toronto"), now)) == (
        date(2026, 6, 11), date(2026, 6, 10))


@pytest.mark.parametrize("text", ["令和7982年1月1日", "令和 7982年1月1日", "昭和9999年1月1日"])
def test_an_impossible_era_year_is_not_read_as_a_western_year(text):
    assert parse_date(text) is None  # found once by the property test above
