"""The ``roadmap_general`` spaCy component: names found by the general patterns (extractors.patterns)
rather than the gazetteer, trimmed to the name itself."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.ja_names import code_name_spans, is_generic_exercise
from extractors.name_shapes import ExNames, coordinated_name, starts_with_pair
from extractors.patterns import AnchoredMatcher, general_patterns


@Language.factory("roadmap_general", default_config={"lang": "en"})
def make_general_matcher(nlp: Language, name: str, lang: str):
    return GeneralMatcher(nlp, lang)


# Words a coordinated second name does not run over (verbs, relatives, articles after a comma, …).
_COORDINATION_STOP = frozenset("and et or ou which that qui que was were is are a ont est sont été with avec to "
                               "signed signés signées by par at à during pendant".split())


class GeneralMatcher:
    """Finds names by general patterns; sets ``doc.spans["general"]``."""

    def __init__(self, nlp: Language, lang: str):
        self.lang = lang
        self.patterns = general_patterns(lang)
        self.matcher = AnchoredMatcher(nlp.vocab, self.patterns)
        self.ex_names = ExNames()

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        text = doc.user_data.get("text") or doc.text
        strip = self.patterns.strip_leading
        for match_id, start, end in self.matcher(doc):
            label = doc.vocab.strings[match_id]
            if label in ("keyworded", "headed"):
                keyword = doc[end - 1].text
                after = self.patterns.keyword_after.get(keyword)
                if after is not None and (end < 2 or doc[end - 2].text not in after):
                    continue  # "Lima Group" is no "Working Group"; 「協力声明」 is, 「声明」 is not
                if label == "keyworded":  # the name before an English keyword is read off the tags
                    head = self._head(doc, end - 1)
                    if head is None or any(t.text in self.patterns.frame_words for t in doc[head:end]):
                        continue  # no name, or a call or a summit: the occasion, not a mechanism
                    start = head
                    end = self._tail(doc, end)
                label = self.patterns.keyword_types.get(keyword, "agreement")
            elif label == "keyworded_first":
                label = self.patterns.keyword_types.get(doc[start].text, "agreement")
            first = start
            while start < end - 1 and (doc[start].text in strip or doc[start].is_digit):
                start += 1
            if self.lang == "ja" and first < start:
                # 日 is stripped as a date word; in 「日カナダ…」「日・サウジアラビア…」 it starts the pair
                name_end = doc[end - 1].idx + len(doc[end - 1])
                start = next((i for i in range(first, start) if not (i and doc[i - 1].is_digit)
                              and starts_with_pair(text[doc[i].idx:name_end])), start)
            if label == "paired_dialogue":
                if not starts_with_pair(text[doc[start].idx:doc[end - 1].idx + len(doc[end - 1])]):
                    continue  # 意見交換, 会合: any talk, unless a country pair names the mechanism
                label = "dialogue"
            end = self._trim_end(doc, start, end)
            if end < len(doc) and doc[end].text == '"' and sum(t.text == '"' for t in doc[start:end]) % 2:
                end += 1  # exercise "Noble Caribou": the closing quote
            if end < len(doc) and doc[end].tag_ in ("C", "G") and not any(t.tag_ in ("C", "G") for t in doc[start:end]):
                continue  # "l'exercice bilatéral KAEDEX 26": a lower-case phrase describing the name after it
            if self.lang == "ja" and label == "exercise" and is_generic_exercise(doc, start, end, text):
                continue  # 共同訓練, 通信訓練, 北海道大演習(場): a kind of training or a place, not a name
            if end - start >= 2:
                spans.append(Span(doc, start, end, label=label))
                second = coordinated_name(doc, end, _COORDINATION_STOP, self.patterns.strip_trailing) \
                    if label == "agreement" and self.lang != "ja" else None
                if second:
                    spans.append(Span(doc, *second, label=label))
        if self.lang == "ja":
            spans.extend(code_name_spans(doc, text))
        else:
            spans.extend(self.ex_names(doc, text))
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
        """Start of the name before a keyword: capitalised and joining words, from a capitalised one,
        over abbreviations in parentheses ("Politico-Military (PM) and Military-Military (MM) Talks");
        not over another name's keyword ("… Energy Partnership and the … Hydrogen Alliance")."""
        start = keyword
        while start > 0:
            prev = doc[start - 1]
            if prev.text == ")" and start >= 3 and doc[start - 3].text == "(" and doc[start - 2].tag_ == "C" \
                    and start > 3 and doc[start - 4].tag_ in ("C", "G"):
                start -= 3
                continue
            if prev.tag_ not in ("C", "G", "J") or prev.text in self.patterns.keyword_types:
                break
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
