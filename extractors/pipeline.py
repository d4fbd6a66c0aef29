"""spaCy blank pipelines (ja, en, fr) whose rule components find mentions.

``roadmap_gazetteer`` (PhraseMatchers on gazetteer names; tokens tagged G for exercise names glued to a number) and
``roadmap_general`` (Matcher on general patterns) propose spans; ``roadmap_mentions`` resolves them
into ``doc.spans["mentions"]`` (label = type, ``id_`` = candidate entity ids joined by "|", or "").
Texts must be normalised (extractors.textnorm) before they reach the pipeline.
"""
from __future__ import annotations

import re
import threading

import numpy
import spacy
from spacy.attrs import TAG
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extractors import sudachi_tokenizer  # noqa: F401  (registers roadmap.sudachi_fast.v1)
from extractors.countries import pair_prefix_pattern
from extractors.gazetteer import load_gazetteer
from extractors.ja_names import code_name_spans, is_generic_exercise
from extractors.patterns import AnchoredMatcher, general_patterns
from extractors.textnorm import normalize

_SUFFIX = re.compile(r"^(?:\d{2}|\d{4}|\d{2}-\d{1,2})$")
_SERIAL = re.compile(r"^\d{1,2}$")


def _is_case_sensitive(name: str) -> bool:
    # Acronyms (JET, NEON, SIA, RRM) would match ordinary words if folded.
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and name.isupper() and len(name) <= 8


_CAP = re.compile(r"^[A-Z0-9][A-Za-z0-9&.+'’]*$")


@Language.factory("roadmap_word_classes", default_config={"lang": "en"})
def make_word_classes(nlp: Language, name: str, lang: str):
    return WordClasses(nlp, lang)


def glued_pattern(gaz) -> re.Pattern | None:
    """A pattern for suffixed exercise names glued to their number (KAEDEX19), group 1 the name."""
    stems = sorted({normalize(n).lower() for ent in gaz.entities.values() if ent.suffixes
                    for names in ent.names.values() for n in names if " " not in n and n.isascii()},
                   key=len, reverse=True)
    return re.compile(rf"^({'|'.join(re.escape(s) for s in stems)})\d{{2,4}}$") if stems else None


class WordClasses:
    """Tags en/fr tokens ``C`` (capitalised word, acronym, number), ``G`` (a suffixed exercise name
    glued to its number, KAEDEX19), ``J`` (joining word) or ``O`` (anything else) for the rule
    matchers; the class is computed once per distinct word. Every token gets a non-empty tag: the
    empty string hashes to 0, "untagged", and a Matcher with TAG patterns refuses a doc with no tag
    at all (spaCy E155, "thank you." or a lower-case French paragraph)."""

    def __init__(self, nlp: Language, lang: str):
        strings = nlp.vocab.strings
        self._c, self._j, self._g, self._none = strings.add("C"), strings.add("J"), strings.add("G"), strings.add("O")
        self._join = general_patterns(lang).join_words
        self._glued = glued_pattern(load_gazetteer())
        self._cache: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        cache = self._cache
        for token in doc:
            tag = cache.get(token.orth)
            if tag is None:
                text = token.text
                if _CAP.match(text):
                    tag = self._g if self._glued and self._glued.match(text.lower()) else self._c
                else:
                    tag = self._j if text in self._join else self._none
                if len(cache) < 500_000:
                    cache[token.orth] = tag
            token.tag = tag
        return doc


@Language.factory("roadmap_gazetteer", default_config={"lang": "en", "entities_file": None})
def make_gazetteer_matcher(nlp: Language, name: str, lang: str, entities_file: str | None):
    return GazetteerMatcher(nlp, lang, entities_file)


class GazetteerMatcher:
    """Finds gazetteer names; sets ``doc.spans["gazetteer"]`` (``id_`` = entity id)."""

    def __init__(self, nlp: Language, lang: str, entities_file: str | None):
        gaz = load_gazetteer(entities_file)
        self.types = {eid: ent.type for eid, ent in gaz.entities.items()}
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        folded: dict[str, list] = {}
        exact: dict[str, list] = {}
        for name, eid in gaz.names(lang):
            norm = normalize(name)
            (exact if _is_case_sensitive(norm) else folded).setdefault(eid, []).append(norm)
        for eid, names in folded.items():
            self.folded.add(eid, list(nlp.tokenizer.pipe(names)) if hasattr(nlp.tokenizer, "pipe")
                            else [nlp.make_doc(n) for n in names])
        for eid, names in exact.items():
            self.exact.add(eid, [nlp.make_doc(n) for n in names])
        # KAEDEX19 is one token in English: roadmap_word_classes tags such tokens G.
        self.stems: dict[str, str] = {}
        for ent in gaz.entities.values():
            if ent.suffixes:
                for names in ent.names.values():
                    for n in names:
                        if " " not in n and n.isascii():
                            self.stems.setdefault(normalize(n).lower(), ent.id)
        self._glued_re = glued_pattern(gaz)
        self._glued_tag = nlp.vocab.strings.add("G") if lang != "ja" and self._glued_re else None

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.folded, self.exact):
            if not len(matcher):
                continue
            for match_id, start, end in matcher(doc):
                eid = doc.vocab.strings[match_id]
                span = Span(doc, start, end, label=self.types[eid])
                span.id_ = eid
                spans.append(span)
        if self._glued_tag is not None:
            for i in numpy.flatnonzero(doc.to_array(TAG) == self._glued_tag).tolist():
                eid = self.stems[self._glued_re.match(doc[i].lower_).group(1)]
                span = Span(doc, i, i + 1, label=self.types[eid])
                span.id_ = eid
                spans.append(span)
        doc.spans["gazetteer"] = spans
        return doc


@Language.factory("roadmap_general", default_config={"lang": "en"})
def make_general_matcher(nlp: Language, name: str, lang: str):
    return GeneralMatcher(nlp, lang)


class GeneralMatcher:
    """Finds names by general patterns; sets ``doc.spans["general"]``."""

    def __init__(self, nlp: Language, lang: str):
        self.lang = lang
        self.patterns = general_patterns(lang)
        self.matcher = AnchoredMatcher(nlp.vocab, self.patterns)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        text = doc.user_data.get("text") or doc.text
        strip = self.patterns.strip_leading
        for match_id, start, end in self.matcher(doc):
            label = doc.vocab.strings[match_id]
            if label == "keyworded":
                label = self.patterns.keyword_types.get(doc[end - 1].text, "agreement")
                start = self._head(doc, start)
                if start is None:
                    continue
                end = self._tail(doc, end)
            elif label == "keyworded_first":
                label = self.patterns.keyword_types.get(doc[start].text, "agreement")
            while start < end - 1 and (doc[start].text in strip or doc[start].is_digit):
                start += 1
            end = self._trim_end(doc, start, end)
            if end < len(doc) and doc[end].tag_ in ("C", "G") and not any(t.tag_ in ("C", "G") for t in doc[start:end]):
                continue  # "l'exercice bilatéral KAEDEX 26": a lower-case phrase describing the name after it
            if self.lang == "ja" and label == "exercise" and is_generic_exercise(doc, start, end, text):
                continue  # 共同訓練, 通信訓練, 北海道大演習(場): a kind of training or a place, not a name
            if end - start >= 2:
                spans.append(Span(doc, start, end, label=label))
        if self.lang == "ja":
            spans.extend(code_name_spans(doc, text))
        doc.spans["general"] = spans
        return doc

    def _trim_end(self, doc: Doc, start: int, end: int) -> int:
        """Cut a name before a place or date ("… à Ottawa", "… le 24 septembre") and drop trailing
        function words ("… sur la")."""
        cut, trailing = self.patterns.cut_before, self.patterns.strip_trailing
        if cut:
            for i in range(start + 1, end - 1):
                if doc[i].lower_ in cut and (doc[i + 1].tag_ in ("C", "G") or doc[i + 1].like_num):
                    end = i
                    break
        while end - start > 2 and doc[end - 1].lower_ in trailing:
            end -= 1
        return end

    def _head(self, doc: Doc, keyword: int) -> int | None:
        """Start of the name before a keyword: capitalised and joining words, from a capitalised one;
        not over another name's keyword ("… Energy Partnership and the … Hydrogen Alliance")."""
        start = keyword
        while start > 0 and doc[start - 1].tag_ in ("C", "G", "J") \
                and doc[start - 1].text not in self.patterns.keyword_types:
            start -= 1
        while start < keyword and doc[start].tag_ == "J":
            start += 1
        return start if start < keyword else None

    def _tail(self, doc: Doc, end: int) -> int:
        """Extend "X Agreement" over "on the Transfer of Defence Equipment" (ends on a capitalised word)."""
        if end >= len(doc) or doc[end].lower_ not in self.patterns.tail_words:
            return end
        last, j = None, end + 1
        while j < len(doc) and doc[j].tag_ in ("C", "G", "J"):
            if doc[j].tag_ != "J":
                last = j
            j += 1
        return last + 1 if last is not None else end


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


# lang -> (pipeline, lock). spaCy's tokenizer cache and vocabulary, our word-class cache and Sudachi
# grow or change on every call and are not safe to share between threads, so each pipeline runs
# under its own lock; building is locked too, so threads starting at once share one pipeline.
_PIPELINES: dict[str, tuple[Language, threading.Lock]] = {}
_BUILD_LOCK = threading.Lock()


def _entry(lang: str) -> tuple[Language, threading.Lock]:
    entry = _PIPELINES.get(lang)
    if entry is None:
        with _BUILD_LOCK:
            entry = _PIPELINES.get(lang)
            if entry is None:
                entry = _PIPELINES[lang] = (_build(lang), threading.Lock())
    return entry


def build_pipeline(lang: str) -> Language:
    """The process-wide blank pipeline for ``lang`` ('ja', 'en' or 'fr') with the rule components,
    built once on first use. Call it through :func:`run_pipeline` when threads may share it."""
    return _entry(lang)[0]


def run_pipeline(lang: str, text: str) -> Doc:
    """Run the pipeline for ``lang`` over normalised ``text``; safe to call from several threads."""
    nlp, lock = _entry(lang)
    with lock:
        doc = nlp.make_doc(text)
        doc.user_data["text"] = text  # what doc.text would rebuild, for components that read the text
        for _, component in nlp.pipeline:
            doc = component(doc)
        return doc


def _build(lang: str) -> Language:
    if lang == "ja":
        nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {"@tokenizers": "roadmap.sudachi_fast.v1"}}})
    else:
        nlp = spacy.blank(lang)
    if lang != "ja":  # Japanese tokens get their classes from the tokenizer
        nlp.add_pipe("roadmap_word_classes", config={"lang": lang})
    nlp.add_pipe("roadmap_gazetteer", config={"lang": lang})
    nlp.add_pipe("roadmap_general", config={"lang": lang})
    nlp.add_pipe("roadmap_mentions", config={"lang": lang})
    return nlp
