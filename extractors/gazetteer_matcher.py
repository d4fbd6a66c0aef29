"""The ``roadmap_gazetteer`` spaCy component: PhraseMatchers on the gazetteer's names, plus exercise
names glued to their number (tokens tagged G by ``roadmap_word_classes``)."""
from __future__ import annotations

import numpy
from spacy.attrs import LOWER, ORTH, TAG
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extractors.gazetteer import load_gazetteer
from sources.textnorm import normalize
from extractors.word_classes import glued_pattern


def _is_case_sensitive(name: str) -> bool:
    # Acronyms (JET, NEON, SIA, RRM) would match ordinary words if folded.
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and name.isupper() and len(name) <= 8


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
        name_docs = []
        for eid, names in folded.items():
            docs = list(nlp.tokenizer.pipe(names)) if hasattr(nlp.tokenizer, "pipe") else [nlp.make_doc(n) for n in names]
            self.folded.add(eid, docs)
            name_docs += docs
        for eid, names in exact.items():
            docs = [nlp.make_doc(n) for n in names]
            self.exact.add(eid, docs)
            name_docs += docs
        # Words of names (lower-cased): a gap can only interrupt a name between two of them.
        self._name_words = frozenset(t.lower for d in name_docs for t in d)
        strings = nlp.vocab.strings
        self._gap_marks = tuple(strings.add(c) for c in ("(", ")", "\n"))
        # KAEDEX19 is one token in English: roadmap_word_classes tags such tokens G.
        self.stems: dict[str, str] = {}
        for ent in gaz.entities.values():
            if ent.suffixes:
                for variants in ent.names.values():
                    for n in variants:
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
        if self._glued_tag is not None and self._glued_re is not None:  # the tag is set only with the pattern
            for i in numpy.flatnonzero(doc.to_array(TAG) == self._glued_tag).tolist():
                glued = self._glued_re.match(doc[i].lower_)
                assert glued is not None  # word classes tag G only the tokens this pattern matches
                eid = self.stems[glued.group(1)]
                span = Span(doc, i, i + 1, label=self.types[eid])
                span.id_ = eid
                spans.append(span)
        spans.extend(self._across_gaps(doc))
        doc.spans["gazetteer"] = spans
        return doc

    def _across_gaps(self, doc: Doc) -> list[Span]:
        """Names interrupted by abbreviations in parentheses or a line break: "Japan Exchange and
        Teaching (JET) Programme", "Operation (Op) Neon", 「JET(Japan Exchange and Teaching) プログラム」,
        "Political-Military (PM) and Military-Military (MM) Talks", "Joint Economic⏎Committee". The
        gaps are cut out of a few words around them and the names matched again there; only names
        that span a gap are kept (the others were found already)."""
        gaps = self._gaps(doc)
        out = []
        for start, end in gaps:
            left, right = max(0, start - _GAP_WINDOW), min(len(doc), end + _GAP_WINDOW)
            cut = [(s, e) for s, e in gaps if s < right and e > left]
            kept = [i for i in range(left, right) if not any(s <= i < e for s, e in cut)]
            window = Doc(doc.vocab, words=[doc[i].text for i in kept], spaces=[bool(doc[i].whitespace_) for i in kept])
            for matcher in (self.folded, self.exact):
                if not len(matcher):
                    continue
                for match_id, s, e in matcher(window):
                    first, last = kept[s], kept[e - 1]
                    if last - first != e - 1 - s and first < end and last >= start:  # spans this gap
                        eid = doc.vocab.strings[match_id]
                        span = Span(doc, first, last + 1, label=self.types[eid])
                        span.id_ = eid
                        out.append(span)
        return out

    def _gaps(self, doc: Doc) -> list[tuple[int, int]]:
        """``[(start, end)]`` token ranges that may interrupt a name: a short parenthesis with what it
        holds, or a single line break, each between two words that occur in names."""
        open_, close, newline = self._gap_marks
        orths = doc.to_array(ORTH)
        marks = numpy.flatnonzero((orths == open_) | (orths == close) | (orths == newline)).tolist()
        if not marks:
            return []
        lower, words, n = doc.to_array(LOWER), self._name_words, len(doc)
        gaps, opened = [], None
        for i in marks:
            orth = orths[i]
            if orth == open_:
                opened = i
                continue
            if orth == close and opened is not None:
                start, end, opened = opened, i + 1, None
                if end - start > _GAP_MAX + 2:
                    continue
            elif orth == newline:
                start, end = i, i + 1
            else:
                continue
            if 0 < start and end < n and int(lower[start - 1]) in words and int(lower[end]) in words:
                gaps.append((start, end))
        return gaps


_GAP_WINDOW = 10  # words kept on each side of a gap
_GAP_MAX = 6  # tokens inside parentheses that may interrupt a name
