"""What each link of a release says of the happening behind it: whether it reports one, when it took
place, its ordinal and its place. The input of event grouping (domain.event_rules).

Roles:
- ``report``: the release reports the happening: it may make a new event;
- ``passing``: a later release mentions an earlier happening (a stated date weeks before the release,
  "last year", 「先般」, a month before the release's, "the leaders welcomed …") while its own subject
  (title, lede) is something else: it
  may join the event already known, never make a new one dated the later release's day;
- ``planned``: a plan (the extractor's ``planned`` action, or a stated date after the release);
- ``intent``: an intention about the happening ("concurred to expand participation");
- ``restated``: the release issues or restates a plan document (the roadmap, a joint statement);
- ``cited``: the name is a plan document's ("conducted under the Roadmap"): a plan is not what happened.
Only ``report`` and ``passing`` carry an event. Pure functions on the extractor's and linker's output.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from extractors.event_cues import event_cues
from extractors.event_date import earlier_period, happening_date
from extractors.gazetteer import GazetteerError, load_gazetteer
from extractors.restatement import action_trigger, agreement_act, looks_back, restates_plan, states_intent
from extractors.segment import sentence_spans
from extractors.types import DocumentInput, Link, Mention

PASSING_DAYS = 30   # a stated date this long before the release: an earlier happening mentioned in passing
FUTURE_DAYS = 1     # a stated date after the release by more than a time zone: not happened yet
HEAD_CHARS = 300    # title and lede: where a release names its subject
_ORDINAL_WORDS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
_ORDINAL_WORDS.update({"inaugural": 1, "première": 1, "premier": 1, "deuxième": 2, "seconde": 2, "troisième": 3,
                       "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9,
                       "dixième": 10, "inaugurale": 1})
_ORDINAL = {
    "en": re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\b|\b(" + "|".join(_ORDINAL_WORDS) + r")\b"),
    "fr": re.compile(r"\b(\d{1,3})(?:e|ème|eme|re|er)\b|\b(" + "|".join(_ORDINAL_WORDS) + r")\b"),
    "ja": re.compile(r"第(\d{1,3})回|(初)(?:の|回|となる)"),
}
_ORDINAL_BEFORE = 30  # characters before a name searched for its ordinal ("the 13th meeting of the")


@dataclass(frozen=True)
class Happening:
    """What a link's best mention says of the happening it reports."""
    canonical_id: str | None
    action: str | None
    entity_type: str | None
    date: dt.date | None
    date_stated: bool
    ordinal: int | None
    place: str | None
    role: str
    note: str = ""

    @property
    def makes_event(self) -> bool:
        return self.role == "report"

    @property
    def joins_event(self) -> bool:
        return self.role in ("report", "passing")


def read_ordinal(sentence: str, start: int, end: int, lang: str) -> int | None:
    """The ordinal of the meeting named at ``sentence[start:end]``: in the name, just before it
    ("the 13th", 第13回), or in a bracket right after it (「（第13回）」)."""
    pattern = _ORDINAL.get(lang, _ORDINAL["en"])
    text = unicodedata.normalize("NFKC", sentence)
    fold = (lambda s: s) if lang == "ja" else str.lower
    inside = fold(text[start:end])
    before = fold(text[max(0, start - _ORDINAL_BEFORE):start])
    after = fold(text[end:end + 10])
    bracket = re.match(r"\s*[(]([^)]{1,8})[)]", after)
    for part, near_end in ((inside, False), (before, True), (bracket.group(1) if bracket else "", False)):
        found = [f for f in pattern.finditer(part) if not near_end or _leads_to_name(part[f.end():], lang)]
        if found:
            number, word = found[-1].groups()
            return int(number) if number and number.isdigit() else _ORDINAL_WORDS.get(word or number, 1)
    return None


def _leads_to_name(tail: str, lang: str) -> bool:
    # "the 13th meeting of the ⟨name⟩", 「第13回⟨name⟩」: a few words, no punctuation, up to the name
    if re.search(r"[.,;:、。!?]", tail) or re.match(r"\s*(?:time|times|fois|occasion)\b", tail):
        return False  # "for the first time", « pour la première fois »: not the meeting's number
    return len(tail) <= 6 if lang == "ja" else len(tail.split()) <= 4


def read_place(sentence: str, pos: int, lang: str) -> str | None:
    """The city (an id such as ``tokyo``) where the sentence places the happening ("in Ottawa",
    「東京で」), the nearest to ``pos``; None when it names none in a locative phrase."""
    cues = event_cues(lang)
    sentence = unicodedata.normalize("NFKC", sentence)  # 「（」 → "(": offsets are kept for these texts
    found = []
    for m in cues.places.finditer(sentence):
        if lang == "ja":
            located = cues.locative.match(sentence[m.end():m.end() + 40])
        else:
            located = cues.locative.search(sentence[max(0, m.start() - 12):m.start()].lower())
        if located:
            found.append((abs(m.start() - pos), cues.city_of[m.group()]))
    return min(found)[1] if found else None


def _primary(link: Link, mentions: list[Mention]) -> Mention | None:
    spans = {tuple(s) for s in link.mention_spans}
    own = [m for m in mentions if (m.start, m.end) in spans and m.canonical_id == link.canonical_id]
    return next((m for m in own if m.action == link.action), own[0] if own else None)


def _title_names(title: str, canonical_id: str | None) -> bool:
    if not title or not canonical_id:
        return False
    try:
        entity = load_gazetteer().entities.get(canonical_id)
    except GazetteerError:
        return False
    folded = unicodedata.normalize("NFKC", title).lower()
    names = (n for ns in (entity.names.values() if entity else ()) for n in ns if len(n) >= 3)
    return any(unicodedata.normalize("NFKC", n).lower() in folded for n in names)


def _in_head(doc: DocumentInput, mention: Mention, mentions: list[Mention]) -> bool:
    """Whether the release's subject is the mentioned thing: named in the title or the lede's first sentence."""
    if mention.text and mention.text in (doc.title or "") or _title_names(doc.title, mention.canonical_id):
        return True
    spans = sentence_spans(doc.text[:HEAD_CHARS])
    head_end = spans[0][1] if spans else HEAD_CHARS
    if spans and len(doc.text[:head_end].strip()) < 40 and len(spans) > 1:  # a dateline first: take the next one
        head_end = spans[1][1]
    return any(m.canonical_id == mention.canonical_id and m.start < head_end for m in mentions)


def happening_of(doc: DocumentInput, link: Link, mentions: list[Mention], *, restated: bool | None = None) -> Happening:
    """What ``link`` (one of the linker's links for ``doc``) says of its happening (see the module
    docstring for the roles). ``restated``: whether ``doc`` restates a plan, if already known."""
    m = _primary(link, mentions)
    lang = (m.lang if m else None) or doc.lang or "en"
    if m is None:
        return Happening(link.canonical_id, link.action, None, doc.published, False, None, None, "report",
                         "dated by the release")
    pos, end = m.start - m.sentence_start, m.end - m.sentence_start
    action = agreement_act(m.sentence, pos, end, link.action, lang) if m.type == "agreement" else link.action
    trigger = action_trigger(m.sentence, pos, end, action, lang)
    date, stated = happening_date(m.sentence, trigger[0] if trigger else pos, lang, doc.published)

    def result(role: str, note: str) -> Happening:
        return Happening(link.canonical_id, action, m.type, date, stated,
                         read_ordinal(m.sentence, pos, end, lang), read_place(m.sentence, pos, lang), role, note)

    if restated if restated is not None else restates_plan(doc.title, doc.text, lang):
        return result("restated", "the release restates a plan (roadmap, joint statement): no event")
    if event_cues(lang).plan_documents.search(m.text if lang == "ja" else m.text.lower()):
        return result("cited", "a plan document named (\"under the Roadmap\"), not what happened: no event")
    if action == "planned" or (stated and date and doc.published and (date - doc.published).days > FUTURE_DAYS):
        return result("planned", "a plan, not a happening: no event")
    if states_intent(m.sentence, pos, end, action, lang):
        return result("intent", "an intention about it, not a happening: no event")
    if _in_head(doc, m, mentions):  # the release is about it, however late (a summary posted months after)
        return result("report", "dated from the text" if stated else "dated by the release")
    if stated and date and doc.published and (doc.published - date).days > PASSING_DAYS:
        return result("passing", f"mentioned in passing {(doc.published - date).days} days after it happened")
    folded = m.sentence if lang == "ja" else m.sentence.lower()
    if event_cues(lang).retrospective.search(folded) or earlier_period(m.sentence, lang, doc.published):
        return result("passing", "an earlier happening mentioned in passing")
    if looks_back(m.sentence, lang):
        return result("passing", "welcomed or reviewed in a release about something else: mentioned in passing")
    return result("report", "dated from the text" if stated else "dated by the release")


def happenings(doc: DocumentInput, links: list[Link], mentions: list[Mention]) -> dict[str, Happening]:
    """``happening_of`` each link of ``doc``, by commitment id."""
    restated = restates_plan(doc.title, doc.text, doc.lang or next((m.lang for m in mentions if m.lang), "en"))
    out, seen = {}, {}
    for link in links:  # links to several commitments often rest on one mention: read it once
        m = _primary(link, mentions)
        key = (link.canonical_id, link.action, (m.start, m.end) if m else None)
        if key not in seen:
            seen[key] = happening_of(doc, link, mentions, restated=restated)
        out[link.commitment_id] = seen[key]
    return out
