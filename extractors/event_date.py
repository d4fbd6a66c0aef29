"""The date a happening took place, as a release's sentence states it ("on 9 March", 「3月9日、」,
« du 3 au 7 mars », "yesterday"), and whether the sentence places it in an earlier month or year.

Pure functions on a sentence, the mention's offset in it and the release date.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

from sources.dates import EN_MONTHS, FR_MONTHS, find_dates

# "today", "yesterday" in the three languages: days before the release date
_RELATIVE_DAYS = {
    "en": ((re.compile(r"\byesterday\b"), 1), (re.compile(r"\btoday\b|\bthis (?:morning|afternoon|evening)\b"), 0)),
    "fr": ((re.compile(r"\bhier\b"), 1), (re.compile(r"\baujourd.hui\b|\bce (?:matin|soir)\b"), 0)),
    "ja": ((re.compile(r"昨日"), 1), (re.compile(r"本日|今日"), 0)),
}
# a date right after a participle or a relative clause ("released on", "adopted in", « publiée le »,
# 「…日に発出された」) dates that other act, not the happening the sentence reports
# (acts of words and papers: the verbs of happenings — held, signed — date the happening itself)
_OTHER_ACT_BEFORE = {"en": re.compile(r"\b(?:released|adopted|issued|published|announced|unveiled)"
                                      r"\s+(?:on|in)\s+(?:the\s+)?$"),
                     "fr": re.compile(r"\b(?:publiée?s?|adoptée?s?|annoncée?s?|dévoilée?s?)\s+(?:le|en)\s+$")}
_JA_OTHER_ACT = re.compile(r"[^、。]{0,14}?日に(発出|採択|公表|発表|策定)され(?:た|ました)")
_JA_THIS_MONTH = re.compile(r"(?<![月\d])[本昨](\d{1,2})日")
_ROLLOVER_DAYS = 180  # a year-less date this far after the release was in the previous year (Dec → Jan)
_EN_MONTH_YEAR = re.compile(r"\b(?:in |since |from |of )?([a-z]{3,9})\.? (\d{4})\b|\bin ([a-z]{3,9})\b(?! \d)")
_FR_MONTH_YEAR = re.compile(r"\b(?:en |depuis |d')?([a-zéû]{3,9})\.? (\d{4})\b|\ben ([a-zéû]{3,9})\b(?! \d)")
_JA_MONTH = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?!\d{1,2}日)")
_JA_YEAR_ONLY = re.compile(r"(\d{4})年(?!\d{1,2}月)")
_YEAR_ONLY = re.compile(r"\b(?:in|en|since|depuis|of|de) (\d{4})\b")


def happening_date(sentence: str, pos: int, lang: str, published: dt.date | None) -> tuple[dt.date | None, bool]:
    """``(date, stated)``: the date nearest ``pos`` (best: where the sentence's verb for the happening
    is) in ``sentence`` (a year-less one takes the release's year), or "today"/"yesterday" counted from
    ``published``; else ``(published, False)``. A date that dates another document or act ("the Roadmap
    of 6 March", "released on 6 March", 「3月6日付」) is never the happening's.

    The date may lie after the release: the caller reads that as a plan, not a happening.
    """
    text = unicodedata.normalize("NFKC", sentence)
    folded = text if lang == "ja" else text.lower()
    year = published.year if published else None
    found = find_dates(text, lang, year) + (_this_month_days(text, published) if lang == "ja" else [])
    found = [d for d in found if not _dates_a_document(text, d[0], lang) and not _dates_another_verb(folded, d[0], lang, pos)]
    if found:
        offset, date = min(found, key=lambda d: abs(d[0] - pos))
        if published and (date - published).days > _ROLLOVER_DAYS and not _states_year(text, offset, lang):
            date = date.replace(year=date.year - 1)
        return date, True
    # "today" in a copy published days later is the original's day: a written date goes first
    if published is None:
        return None, False
    for pattern, days_before in _RELATIVE_DAYS.get(lang, _RELATIVE_DAYS["en"]):
        if pattern.search(folded):
            return published - dt.timedelta(days=days_before), True
    return published, False


def _dates_another_verb(folded: str, offset: int, lang: str, verb_pos: int) -> bool:
    """"released on March 6", « publiée le 6 mars », 「3月6日に発出された」: the date of another act
    than the one whose verb is at ``verb_pos``."""
    if lang == "ja":
        m = _JA_OTHER_ACT.match(folded, offset)
        return m is not None and abs(m.start(1) - verb_pos) > 2
    pattern = _OTHER_ACT_BEFORE.get(lang)
    window = max(0, offset - 30)
    m = pattern.search(folded, window, offset) if pattern else None
    return m is not None and abs(m.start() - verb_pos) > 3


_DOCUMENT_DATE_BEFORE = {"en": re.compile(r"\b(?:of|dated)\s+(?:the\s+)?$"), "fr": re.compile(r"\ben date du\s+$")}
_DOCUMENT_DATE_AFTER_JA = re.compile(r"[^日]{0,12}日付")


def _this_month_days(text: str, published: dt.date | None) -> list[tuple[int, dt.date]]:
    """「本9日」「昨8日」: a day of the release's month (MOFA's way of dating what it reports)."""
    out: list[tuple[int, dt.date]] = []
    if published is None:
        return out
    for m in _JA_THIS_MONTH.finditer(text):
        day = int(m.group(1))
        month_start = published.replace(day=1)
        if day > published.day:  # 「昨30日」 in a release of the 1st: last month's
            month_start = (month_start - dt.timedelta(days=1)).replace(day=1)
        try:
            out.append((m.start(), month_start.replace(day=day)))
        except ValueError:
            continue
    return out


def _dates_a_document(text: str, offset: int, lang: str) -> bool:
    if lang == "ja":  # 「3月6日付の共同声明」
        return bool(_DOCUMENT_DATE_AFTER_JA.match(text, offset))
    pattern = _DOCUMENT_DATE_BEFORE.get(lang)
    return bool(pattern and pattern.search(text[max(0, offset - 12):offset].lower()))


def _states_year(text: str, offset: int, lang: str) -> bool:
    return bool(re.match(r"[^。.;]{0,25}?\d{4}", text[offset:]) if lang != "ja" else re.match(r"\d{4}年", text[offset:]))


def earlier_period(sentence: str, lang: str, published: dt.date | None) -> bool:
    """True when the sentence names a month or year before the release's month ("in June 2025",
    「昨年6月」 is caught by the retrospective cues, 「2025年6月」, « en juin 2025 »)."""
    if published is None:
        return False
    text = unicodedata.normalize("NFKC", sentence)
    now = (published.year, published.month)
    for year, month in _periods(text, lang, published.year):
        if (year, month or 12) < now and (month is not None or year < published.year):
            return True
    return False


def _periods(text: str, lang: str, default_year: int):
    if lang == "ja":
        for m in _JA_MONTH.finditer(text):
            yield (int(m.group(1)) if m.group(1) else default_year), int(m.group(2))
        for m in _JA_YEAR_ONLY.finditer(text):
            yield int(m.group(1)), None
        return
    months, pattern = (FR_MONTHS, _FR_MONTH_YEAR) if lang == "fr" else (EN_MONTHS, _EN_MONTH_YEAR)
    for m in pattern.finditer(text.lower()):
        name, year, bare = m.groups()
        month = months.get(name or bare or "")
        if month:
            yield (int(year) if year else default_year), month
    for m in _YEAR_ONLY.finditer(text.lower()):
        yield int(m.group(1)), None
