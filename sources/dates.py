"""Dates as the ministries write them: Japanese eras, Western Japanese, English, French, canada.ca datelines.

`parse_date` finds the first date in a piece of text. Dates that need context (a month and day with no
year — `8月19日`, `July 7`, `7 juillet` — or `Today` / `Hier` at the start of a readout) are resolved
against `reference`: the page's own date or year, the feed or listing entry's date, or the fetch date.
`local_date` turns a feed's timestamp into the site's calendar date (a JST midnight is not a UTC one).
`find_dates` finds every date a release's text mentions, with its offset (extraction's event dates).
One calendar for both: the era and month tables below.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime

from sources.textnorm import normalize_compat

# The year before an era's first year: 令和1 = 2019, 平成1 = 1989, 昭和1 = 1926.
ERA_OFFSETS = {"令和": 2018, "平成": 1988, "昭和": 1925}

EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
FR_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "janv": 1, "févr": 2, "fevr": 2, "fév": 2, "avr": 4,
    "juil": 7, "sept": 9, "oct": 10, "nov": 11, "déc": 12, "dec": 12,
}
RELATIVE_DAYS = {"today": 0, "earlier today": 0, "yesterday": -1, "aujourd'hui": 0,
                 "plus tôt aujourd'hui": 0, "hier": -1, "本日": 0, "昨日": -1}

_EN = "|".join(sorted(EN_MONTHS, key=len, reverse=True))
_FR = "|".join(sorted(FR_MONTHS, key=len, reverse=True))
_ERA = re.compile(r"(令和|平成|昭和)\s*(元|\d{1,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# A Western year never directly follows an era name: 令和7982年 is an impossible era date, not the year 7982.
_JA_WESTERN = re.compile(r"(?<!\d)(?<!令和|平成|昭和)(?<!令和\s|平成\s|昭和\s)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_EN_MDY = re.compile(rf"\b({_EN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_EN_DMY = re.compile(rf"\b(\d{{1,2}})\s+({_EN})\.?,?\s+(\d{{4}})\b", re.I)
_FR_DMY = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_FR})\.?\s+(\d{{4}})\b", re.I)
_JA_NO_YEAR = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# Year-less English and French dates: the month capitalised in English ("may 5" is rarely a date).
_EN_CAP = "|".join(m.capitalize() for m in sorted(EN_MONTHS, key=len, reverse=True))
_EN_MD_NO_YEAR = re.compile(rf"\b({_EN_CAP})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\d|,?\s*\d{{4}})")
_EN_DM_NO_YEAR = re.compile(rf"(?<![\d,])\b(\d{{1,2}})\s+({_EN_CAP})\b\.?(?!,?\s*\d{{4}})")
_FR_DM_NO_YEAR = re.compile(rf"(?<![\d,])\b(\d{{1,2}})(?:er)?\s+({_FR})\b\.?(?!\s*\d{{4}})", re.I)
_RELATIVE = re.compile(r"^\W*(earlier today|today|yesterday|plus tôt aujourd'hui|aujourd'hui|hier|本日|昨日)\b",
                       re.I)


def parse_date(text: str, *, reference: date | None = None) -> date | None:
    """The first full date written in `text`, else a year-less or relative date resolved against `reference`.

    Returns None when there is no date (or it needs a reference and none is given). Never raises.
    """
    if not text:
        return None
    text = normalize_compat(text)
    found = _first_full_date(text)
    if found is not None:
        return found
    if reference is None:
        return None
    for _, month, day in sorted(_year_less(text)):
        resolved = _without_year(month, day, reference)
        if resolved:
            return resolved
    match = _RELATIVE.match(text)
    if match:
        return resolve_relative(match[1], reference)
    return None


def local_date(timestamp: str, tz: tzinfo) -> date | None:
    """The calendar date in `tz` of a feed timestamp (RFC 822 or ISO 8601), or None if it is not one.

    A timestamp with an offset is converted (`2026-06-10T15:00:00Z` in Asia/Tokyo is 11 June); one
    without an offset is taken as already local.
    """
    moment = _timestamp(normalize_compat(timestamp or "").strip())
    if moment is None:
        return None
    return moment.astimezone(tz).date() if moment.tzinfo else moment.date()


def today_in(tz: tzinfo, now: datetime | None = None) -> date:
    """Today's date on the site's calendar (`now`, aware or UTC if naive, defaults to the clock)."""
    now = now or datetime.now(timezone.utc)
    return (now if now.tzinfo else now.replace(tzinfo=timezone.utc)).astimezone(tz).date()


def resolve_relative(word: str, reference: date) -> date | None:
    """`Today` / `Aujourd’hui` / `Yesterday` / `Hier` / `本日` / `昨日` as a date relative to `reference`."""
    offset = RELATIVE_DAYS.get(normalize_compat(word).strip().lower())
    return None if offset is None else reference + timedelta(days=offset)


def _first_full_date(text: str) -> date | None:
    candidates: list[tuple[int, date]] = []
    for pattern, build in _PATTERNS:
        for match in pattern.finditer(text):
            value = build(match)
            if value is not None:
                candidates.append((match.start(), value))
                break
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _timestamp(text: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace(" ", "T", 1) if _ISO.match(text) else text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _year_less(text: str) -> list[tuple[int, int, int]]:
    """(position, month, day) of every year-less date in `text`."""
    found = [(m.start(), int(m[1]), int(m[2])) for m in _JA_NO_YEAR.finditer(text)]
    found += [(m.start(), EN_MONTHS[m[1].lower()], int(m[2])) for m in _EN_MD_NO_YEAR.finditer(text)]
    found += [(m.start(), EN_MONTHS[m[2].lower()], int(m[1])) for m in _EN_DM_NO_YEAR.finditer(text)]
    found += [(m.start(), FR_MONTHS[m[2].lower()], int(m[1])) for m in _FR_DM_NO_YEAR.finditer(text)]
    return found


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _era(m: re.Match) -> date | None:
    year = 1 if m[2] == "元" else int(m[2])
    return _safe_date(ERA_OFFSETS[m[1]] + year, int(m[3]), int(m[4]))


def _without_year(month: int, day: int, reference: date) -> date | None:
    # A page about 18 September read in January is from the previous year.
    value = _safe_date(reference.year, month, day)
    if value and value > reference + timedelta(days=31):
        value = _safe_date(reference.year - 1, month, day)
    return value


_PATTERNS = (
    (_ERA, _era),
    (_JA_WESTERN, lambda m: _safe_date(int(m[1]), int(m[2]), int(m[3]))),
    (_ISO, lambda m: _safe_date(int(m[1]), int(m[2]), int(m[3]))),
    (_EN_MDY, lambda m: _safe_date(int(m[3]), EN_MONTHS[m[1].lower()], int(m[2]))),
    (_EN_DMY, lambda m: _safe_date(int(m[3]), EN_MONTHS[m[2].lower()], int(m[1]))),
    (_FR_DMY, lambda m: _safe_date(int(m[3]), FR_MONTHS[m[2].lower()], int(m[1]))),
)


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


# Every date a text mentions (extraction): ranges ("6-8 March") give their first day; a year may be missing.
_TEXT_JA = re.compile(r"(?:(令和|平成)(元|\d{1,2})年|(?<!\d)(?<!令和|平成|昭和)(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_TEXT_EN_MDY = re.compile(r"\b([A-Z][a-z]{2,8})\.? (\d{1,2})(?:\s*(?:-|to|and)\s*\d{1,2})?(?:, (\d{4}))?\b")
_TEXT_EN_DMY = re.compile(r"\b(\d{1,2})(?:\s*(?:-|to|and)\s*\d{1,2})? ([A-Z][a-z]{2,8})\.?(?: (\d{4}))?\b")
_TEXT_FR_DMY = re.compile(r"\b(\d{1,2})(?:er)?(?:\s*(?:-|au|et)\s*\d{1,2}(?:er)?)? "
                          r"(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
                          r"janv|févr|fév|avr|juil|sept|oct|nov|déc)\.?(?: (\d{4}))?", re.IGNORECASE)


def find_dates(text: str, lang: str, default_year: int | None = None) -> list[tuple[int, date]]:
    """Return ``[(offset, date)]`` for the dates in ``text`` (offsets into ``text`` as given, not normalised).

    A date without a year ("9月18日", "on March 6") takes ``default_year``, or is skipped without one.
    """
    out = []
    for offset, year, month, day in _text_candidates(text, lang):
        year = year or default_year
        value = _safe_date(year, month, day) if year else None
        if value is not None:
            out.append((offset, value))
    return out


def _text_candidates(text: str, lang: str):
    if lang == "ja":
        for m in _TEXT_JA.finditer(text):
            era, era_year, year, month, day = m.groups()
            if era:
                year = ERA_OFFSETS[era] + (1 if era_year == "元" else int(era_year))
            yield m.start(), int(year) if year else None, int(month), int(day)
    elif lang == "fr":
        for m in _TEXT_FR_DMY.finditer(text):
            yield m.start(), int(m.group(3)) if m.group(3) else None, FR_MONTHS[m.group(2).lower()], int(m.group(1))
    else:
        for pattern, month_group, day_group in ((_TEXT_EN_MDY, 1, 2), (_TEXT_EN_DMY, 2, 1)):
            for m in pattern.finditer(text):
                month = EN_MONTHS.get(m.group(month_group).lower())
                if month:
                    yield m.start(), int(m.group(3)) if m.group(3) else None, month, int(m.group(day_group))
