"""The ``roadmap_mentions`` spaCy component: merges the gazetteer's and the general patterns' spans
into ``doc.spans["mentions"]``, with exercise suffixes, country-pair prefixes and "Name (ACRONYM)"."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.countries import pair_prefix_pattern
from extractors.gazetteer import load_gazetteer

_SUFFIX = re.compile(r"^(?:\d{2}|\d{4}|\d{2}-\d{1,2})$")
_SERIAL = re.compile(r"^\d{1,2}$")


@Language.factory("roadmap_mentions", default_config={"lang": "en"})
def make_mention_resolver(nlp: Language, name: str, lang: str):
    return MentionResolver(lang)


class MentionResolver:
    """Merges gazetteer and general spans into ``doc.spans["mentions"]``.

    Gazetteer spans win over general ones they overlap; longer spans win over shorter; an exercise
    name takes its year/serial suffix (KAEDEX 2018, KAEDEx19-1); a country pair written before a name
    joins it (Japan-Australia ACSA, 日豪物品役務相互提供協定) so that the pair can be read off the
    mention; "Name (ACRONYM)" of one entity is one mention.
    """

    def __init__(self, lang: str):
        self.pair_prefix = pair_prefix_pattern(lang)
        self.fields = load_gazetteer().fields()

    def __call__(self, doc: Doc) -> Doc:
        gaz: dict[tuple[int, int], list[str]] = {}
        labels: dict[tuple[int, int], str] = {}
        text = doc.user_data.get("text") or doc.text  # doc.text is built anew from the tokens on every access
        extended: dict[tuple[int, int, str], tuple[int, int]] = {}  # one name, several candidate entities
        for span in doc.spans["gazetteer"]:
            found = (span.start, span.end, span.label_)
            key = extended.get(found)
            if key is None:
                key = extended[found] = self._extend(doc, text, *found)
            gaz.setdefault(key, []).append(span.id_)
            labels.setdefault(key, span.label_)
        # a field inside a longer name is that name's subject ("Memorandum for Promotion of Space
        # Cooperation"): the name is the mention
        named = [(span.start, span.end) for span in doc.spans["general"]]
        for key in [k for k, ids in gaz.items() if all(i in self.fields for i in ids)]:
            if any(s <= key[0] and key[1] <= e and (s, e) != key for s, e in named):
                del gaz[key]
        chosen = _longest_first(list(gaz))
        taken = [(s, e) for s, e in chosen]
        general = []
        for span in doc.spans["general"]:
            s, e = _suffix_end(doc, span.start, span.end) if span.label_ == "exercise" else (span.start, span.end)
            if not any(s < te and e > ts for ts, te in taken):
                general.append((s, e))
                labels.setdefault((s, e), span.label_)
        chosen += _longest_first(general)
        chosen.sort()
        out = []
        for s, e in chosen:
            span = Span(doc, s, e, label=labels[(s, e)])
            span.id_ = "|".join(dict.fromkeys(gaz.get((s, e), ())))
            out.append(span)
        doc.spans["mentions"] = _merge_acronyms(doc, out)
        return doc

    def _extend(self, doc: Doc, text: str, start: int, end: int, label: str) -> tuple[int, int]:
        if label == "exercise":
            start, end = _suffix_end(doc, start, end)
        if start == 0:
            return start, end
        window_start, name_start = doc[max(0, start - 8)].idx, doc[start].idx
        m = self.pair_prefix.search(text, window_start, name_start)  # the 8 tokens before the name
        if m:
            span = doc.char_span(m.start(), name_start, alignment_mode="expand")
            if span is not None and span.start < start:
                start = span.start
        return start, end


def _suffix_end(doc: Doc, start: int, end: int) -> tuple[int, int]:
    if end < len(doc) and _SUFFIX.match(doc[end].text):
        end += 1
        if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                and _SERIAL.match(doc[end + 1].text):
            end += 2
    elif end + 1 < len(doc) and doc[end - 1].text[-1:].isdigit() and doc[end].text == "-" \
            and _SERIAL.match(doc[end + 1].text) and not doc[end - 1].whitespace_:
        end += 2  # KAEDEX19-1 in English: "KAEDEX19", "-", "1"
    return start, end


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda se: (se[0] - se[1], se[0])):
        if not any(s < oe and e > os_ for os_, oe in out):
            out.append((s, e))
    return out


_QUOTES = frozenset({'"', "「", "『", "'"})


def _opening_paren(doc: Doc, after: int, before: int) -> bool:
    """Tokens between two spans are "(" and maybe an opening quote: 協定(「ACSA」), Meeting ("2+2")."""
    between = [t.text for t in doc[after:before]]
    return bool(between) and between[0] == "(" and all(t in _QUOTES for t in between[1:]) and len(between) <= 2


def _closing_paren(doc: Doc, end: int) -> int | None:
    """The token index just past ")" (after an optional closing quote) at ``end``, or None."""
    for i in range(end, min(end + 2, len(doc))):
        if doc[i].text == ")":
            return i + 1
        if doc[i].text not in _QUOTES and doc[i].text not in ("」", "』"):
            return None
    return None


def _merge_acronyms(doc: Doc, spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        close = _closing_paren(doc, span.end)
        if prev is not None and close and _opening_paren(doc, prev.end, span.start):
            shared = [c for c in prev.id_.split("|") if c and c in span.id_.split("|")]
            if shared or not prev.id_ and span.label_ == prev.label_:
                merged = Span(doc, prev.start, close, label=prev.label_)
                merged.id_ = "|".join(shared) if shared else span.id_
                out[-1] = merged
                continue
        out.append(span)
    return out
