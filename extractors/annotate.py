"""From a pipeline's mention spans to Mention records: sentence, countries, canonical id, action, date."""
from __future__ import annotations

import bisect
import datetime as dt

from spacy.tokens import Doc

from extractors.actions import action_finder
from extractors.countries import country_finder
from sources.dates import find_dates
from extractors.gazetteer import Gazetteer
from extractors.segment import sentence_spans
from extractors.types import Mention

_CONTEXT_SENTENCES = 4  # title, date(line), first sentence of the lede: where a release says who it is about
_CONTEXT_CHARS = 400


def doc_context(norm_text: str, lang: str) -> tuple[tuple[str, ...], int | None]:
    """Countries named in the opening of a document, and the year of its first full date."""
    window = norm_text[:_CONTEXT_CHARS]
    sentences = sentence_spans(window)[:_CONTEXT_SENTENCES]
    head = window[:sentences[-1][1]] if sentences else ""
    dates = find_dates(head, lang)
    return country_finder(lang).codes(head), (min(dates)[1].year if dates else None)


def choose_entity(gaz: Gazetteer, candidates: list[str], countries: tuple[str, ...]) -> str | None:
    """The candidate entity that fits the countries a mention is about, or None.

    A bilateral entity is ruled out when the text names another country and not both its parties
    (an "ACSA" in a sentence about Japan and Australia is not the Japan–Canada ACSA, nor is a
    "2+2" between Canada and Korea).
    """
    best, best_score = None, -1
    named = set(countries)
    for eid in candidates:
        ent = gaz.entities.get(eid)
        if ent is None:
            continue
        parties = set(ent.parties)
        if len(parties) == 2 and named - parties and not parties <= named:
            continue  # the text names someone else and not both parties: another country's namesake
        score = len(set(ent.parties) & set(countries))
        if score > best_score:
            best, best_score = eid, score
    return best


def annotate(doc: Doc, *, text: str, norm: str, offset: int, lang: str, gaz: Gazetteer,
             context: tuple[tuple[str, ...], int | None]) -> list[Mention]:
    """Mention records for ``doc.spans["mentions"]``; ``doc`` was made from ``norm``, the normalised
    ``text[offset:offset + len(norm)]``."""
    spans = list(doc.spans["mentions"])
    if not spans:
        return []
    sentences = sentence_spans(norm)
    starts = [s for s, _ in sentences]
    countries_of = country_finder(lang)
    actions = action_finder(lang)
    doc_countries, doc_year = context
    cache: dict[int, tuple] = {}
    out = []
    for span in spans:
        s_char, e_char = span.start_char, span.end_char
        i = max(0, bisect.bisect_right(starts, s_char) - 1)
        sent_start, sent_end = sentences[i] if sentences else (0, len(norm))
        sent_end = max(sent_end, e_char)
        if i not in cache:
            sent = norm[sent_start:sent_end]
            cache[i] = (countries_of.codes(sent), actions.triggers(sent),
                        find_dates(sent, lang, doc_year))
        sent_countries, triggers, dates = cache[i]
        countries = countries_of.codes(norm, s_char, e_char) or sent_countries or doc_countries
        candidates = [c for c in span.id_.split("|") if c]
        out.append(Mention(
            type=span.label_,
            text=text[offset + s_char:offset + e_char],
            start=offset + s_char, end=offset + e_char,
            sentence=text[offset + sent_start:offset + sent_end],
            sentence_start=offset + sent_start,
            canonical_id=choose_entity(gaz, candidates, countries) if candidates else None,
            action=_by_type(span.label_, actions.action_for(norm[sent_start:sent_end], s_char - sent_start,
                                                            e_char - sent_start, triggers)),
            date=_nearest_date(dates, s_char - sent_start),
            countries=countries,
            lang=lang,
        ))
    return out


def _by_type(mention_type: str, action: str | None) -> str | None:
    # 訓練が行われ / 対話を実施: releases use either verb; exercises are conducted, dialogues held.
    if mention_type == "exercise" and action == "held":
        return "conducted"
    if mention_type == "dialogue" and action == "conducted":
        return "held"
    return action


def _nearest_date(dates: list[tuple[int, dt.date]], pos: int) -> dt.date | None:
    if not dates:
        return None
    return min(dates, key=lambda d: abs(d[0] - pos))[1]
