"""The event a release is about, when it says so without a verb.

A release whose subject is a meeting or an exercise often names it in a title or an outline and
never says "held": 「第3回日本・カナダ農業対話の結果について」, "The 31st Meeting of the … Committee
(Summary)", or a Ministry of Defense notice laid out as 「1 目的 2 期間 3 場所」 / "1. Objectives
2. Period 3. Area". Such a subject mention with no action of its own takes the tense the body gives
the same name (「…を開催しました」 → held, 「…を実施予定」 → planned); failing that, a report word in the
title (概要, 結果, Summary, Outcome…), an ordinal session (第N回, 13th, 13e) or an outline says it
took place (held for a dialogue, conducted for an exercise). Passing mentions lower in the body are
left as they are: only the title line and the lede above an outline are the subject.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from config.patterns_schema import read_patterns
from extractors.actions import ACTIONS_FILE
from sources.dates import find_dates
from extractors.types import Mention

_DONE = {"dialogue": "held", "exercise": "conducted"}
_TITLE_MAX = 160  # characters: a longer first line is a paragraph, not a title
_SENTENCE_END = re.compile(r"[。！？]|[.!?](?:\s|$)")
_NUMBER = r"(?:\d{1,2}|[０-９]{1,2}|[一二三四五六七八九十]|[（(]\d{1,2}[）)])[.．、)）:：]?[ \t　]*"


class SubjectCues:
    """The words that make a title a report, and the headings of an outline, for one language."""

    def __init__(self, lang: str, data: dict):
        report = (data.get("report_title") or {}).get(lang) or ["(?!)"]
        self.report = re.compile("|".join(report), re.IGNORECASE)
        headings = (data.get("outline_headings") or {}).get(lang) or ["(?!)"]
        self.heading = re.compile(rf"^[ \t　]*{_NUMBER}(?:{'|'.join(headings)})", re.IGNORECASE | re.MULTILINE)
        period = (data.get("period_headings") or {}).get(lang) or ["(?!)"]
        self.period = re.compile(rf"^[ \t　]*{_NUMBER}(?:{'|'.join(period)})", re.IGNORECASE | re.MULTILINE)


@lru_cache(maxsize=None)
def subject_cues(lang: str, path: str | None = None) -> SubjectCues:
    """The cached cues for ``lang`` (``subject`` section of config/patterns/actions.yaml)."""
    data = read_patterns(path or ACTIONS_FILE)
    return SubjectCues(lang, data.get("subject") or {})


def title_span(text: str) -> tuple[int, int] | None:
    """``(start, end)`` of the first non-empty line when it reads as a title (short, no full stop
    inside), else None."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    line = text[start:end].rstrip()
    if not line or len(line) > _TITLE_MAX or _SENTENCE_END.search(line.rstrip("。.")):
        return None
    return start, start + len(line)


def with_subject_actions(mentions: list[Mention], text: str, lang: str) -> list[Mention]:
    """``mentions`` with an action given to the release's subject events that have none (see the
    module docstring); other mentions are returned unchanged."""
    if not any(m.type in _DONE for m in mentions):
        return mentions
    cues = subject_cues(lang)
    title = title_span(text)
    first_heading = [m.start() for m in cues.heading.finditer(text)]
    outline = len(first_heading) >= 2
    subject_end = first_heading[0] if outline else (title[1] if title else 0)
    title_says_done = bool(title and (cues.report.search(text, *title) or _ordinal(text[title[0]:title[1]], lang)))
    announced = outline and _period_ahead(text, lang, cues, first_heading[0])
    out = []
    for m in mentions:
        in_title = bool(title and m.end <= title[1])
        if m.type in _DONE and m.start < subject_end:
            if m.action is None:
                action = _told_elsewhere(m, mentions)
                if action is None and outline:
                    action = "planned" if announced else _DONE[m.type]
                elif action is None and title_says_done and in_title:
                    action = _DONE[m.type]
            elif in_title and m.action in _DONE.values():
                # 「…の実施について」: a title's 実施/開催 has no tense; the body's 実施します does
                action = _told_elsewhere(m, mentions) or m.action
            else:
                action = m.action
            if action != m.action:
                m = replace(m, action=action)
        out.append(m)
    return out


def _told_elsewhere(subject: Mention, mentions: list[Mention]) -> str | None:
    """The action the body gives the same event under the same name."""
    for m in mentions:
        if m is not subject and m.type == subject.type and m.action in _TENSES[subject.type] \
                and _same_name(m.text, subject.text):
            return m.action
    return None


# What a body sentence can tell of a meeting or an exercise ("signed" in the same sentence is another
# thing's action).
_TENSES = {"dialogue": frozenset({"held", "planned", "launched"}),
           "exercise": frozenset({"conducted", "participated", "planned", "launched"})}
_BRACKETED_TAIL = re.compile(r"\s*[(（「『][^()（）「」『』]*[)）」』]\s*$")
_LEADING = re.compile(r"^(?:the\s+|l[ae]\s+|l')", re.IGNORECASE)


def _same_name(a: str, b: str) -> bool:
    """Same name, but for an article and a bracketed tail: 「日英共同訓練（ヴィジラント・アイルズ26）」 is
    「日英共同訓練」; "Operation NANOOK" is not "Operation NANOOK-NUNALIVUT 2025" (one instance of it)."""
    def key(name: str) -> str:
        return _LEADING.sub("", _BRACKETED_TAIL.sub("", name)).casefold().strip()
    return key(a) == key(b)


def _period_ahead(text: str, lang: str, cues: SubjectCues, outline_start: int) -> bool:
    """Whether the outline's period (期間, Period, Période) starts after the release's own date (the
    first date above the outline): an announcement of an exercise to come."""
    released = find_dates(text[:outline_start], lang)
    period = cues.period.search(text, outline_start)
    if not released or not period:
        return False
    line_end = text.find("\n", period.end())
    line_end = len(text) if line_end < 0 else line_end
    # the period's dates may sit on the heading's line or on the next one
    next_end = text.find("\n", line_end + 1)
    when = find_dates(text[period.end():len(text) if next_end < 0 else next_end], lang, released[0][1].year)
    return bool(when) and when[0][1] > released[0][1]


_ORDINAL = {"ja": re.compile(r"第\s?\d+\s?回"), "en": re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.IGNORECASE),
            "fr": re.compile(r"\b\d+(?:e|er|re|ème)\b", re.IGNORECASE)}


def _ordinal(line: str, lang: str) -> bool:
    pattern = _ORDINAL.get(lang)
    return bool(pattern and pattern.search(line))
