"""The ``roadmap_general`` spaCy component: names found by the general patterns (extractors.patterns)
rather than the gazetteer, trimmed to the name itself."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.ja_names import code_name_spans, is_generic_exercise
from extractors.patterns import AnchoredMatcher, general_patterns


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
