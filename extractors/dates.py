"""Dates as releases write them: 2025年8月26日, 令和7年11月11日, March 6, 2026, 6 March 2026, le 1er oct. 2024."""
from __future__ import annotations

import datetime as dt
import re

_ERAS = {"令和": 2018, "平成": 1988}
_EN_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_EN_MONTHS.update({m[:3]: i for m, i in list(_EN_MONTHS.items())})
_EN_MONTHS["sept"] = 9
_FR_MONTHS = {m: i + 1 for i, m in enumerate(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split())}
_FR_MONTHS.update({"janv": 1, "févr": 2, "fév": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "déc": 12})

_JA = re.compile(r"(?:(令和|平成)(元|\d{1,2})年|(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_EN_MDY = re.compile(r"\b([A-Z][a-z]{2,8})\.? (\d{1,2})(?:\s*(?:-|to|and)\s*\d{1,2})?(?:, (\d{4}))?\b")
_EN_DMY = re.compile(r"\b(\d{1,2})(?:\s*(?:-|to|and)\s*\d{1,2})? ([A-Z][a-z]{2,8})\.?(?: (\d{4}))?\b")
_FR_DMY = re.compile(r"\b(\d{1,2})(?:er)?(?:\s*(?:-|au|et)\s*\d{1,2}(?:er)?)? "
                     r"(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
                     r"janv|févr|fév|avr|juil|sept|oct|nov|déc)\.?(?: (\d{4}))?", re.IGNORECASE)


def find_dates(text: str, lang: str, default_year: int | None = None) -> list[tuple[int, dt.date]]:
    """Return ``[(offset, date)]`` for the dates in ``text``.

    A date without a year ("9月18日", "on March 6") takes ``default_year``, or is skipped without one.
    """
    out = []
    for offset, year, month, day in _candidates(text, lang):
        year = year or default_year
        if not year:
            continue
        try:
            out.append((offset, dt.date(year, month, day)))
        except ValueError:
            continue
    return out


def _candidates(text: str, lang: str):
    if lang == "ja":
        for m in _JA.finditer(text):
            era, era_year, year, month, day = m.groups()
            if era:
                year = _ERAS[era] + (1 if era_year == "元" else int(era_year))
            yield m.start(), int(year) if year else None, int(month), int(day)
    elif lang == "fr":
        for m in _FR_DMY.finditer(text):
            yield m.start(), int(m.group(3)) if m.group(3) else None, _FR_MONTHS[m.group(2).lower()], int(m.group(1))
    else:
        for pattern, month_group, day_group in ((_EN_MDY, 1, 2), (_EN_DMY, 2, 1)):
            for m in pattern.finditer(text):
                month = _EN_MONTHS.get(m.group(month_group).lower())
                if month:
                    yield m.start(), int(m.group(3)) if m.group(3) else None, month, int(m.group(day_group))


def first_date(text: str, lang: str, default_year: int | None = None) -> dt.date | None:
    """The first date in ``text`` (see :func:`find_dates`), or None."""
    found = sorted(find_dates(text, lang, default_year))
    return found[0][1] if found else None
