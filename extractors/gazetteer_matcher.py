"""The ``roadmap_gazetteer`` spaCy component: PhraseMatchers on the gazetteer's names, plus exercise
names glued to their number (tokens tagged G by ``roadmap_word_classes``)."""
from __future__ import annotations

import numpy
from spacy.attrs import TAG
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extractors.gazetteer import load_gazetteer
from extractors.textnorm import normalize
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
        spans.extend(self._across_gaps(doc))
        doc.spans["gazetteer"] = spans
        return doc

    def _across_gaps(self, doc: Doc) -> list[Span]:
        """Names interrupted by abbreviations in parentheses or a line break: "Japan Exchange and
        Teaching (JET) Programme", "Operation (Op) Neon", 「JET(Japan Exchange and Teaching) プログラム」,
        "Political-Military (PM) and Military-Military (MM) Talks", "Joint Economic⏎Committee". The
        gaps are cut out of a few words around them and the names matched again there; only names
        that span a gap are kept (the others were found already)."""
        out = []
        gaps = name_gaps(doc)
        for start, end in gaps:
            left, right = max(0, start - _GAP_WINDOW), min(len(doc), end + _GAP_WINDOW)
            cut = [(s, e) for s, e in gaps if s < right and e > left]
            kept = [i for i in range(left, right) if not any(s <= i < e for s, e in cut)]
            if not kept:
                continue
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


_GAP_WINDOW = 10  # words kept on each side of a gap
_GAP_MAX = 6  # tokens inside parentheses that may interrupt a name


def name_gaps(doc: Doc) -> list[tuple[int, int]]:
    """``[(start, end)]`` token ranges that may interrupt a name: a short parenthesis with what it
    holds, or a single line break between two words."""
    gaps = []
    opened = None
    for token in doc:
        text = token.text
        if text == "(":
            opened = token.i
        elif text == ")" and opened is not None:
            if 0 < token.i - opened <= _GAP_MAX + 1:
                gaps.append((opened, token.i + 1))
            opened = None
        elif token.is_space and text.count("\n") == 1 and 0 < token.i < len(doc) - 1:
            gaps.append((token.i, token.i + 1))
    return gaps
