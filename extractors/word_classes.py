"""The ``roadmap_word_classes`` spaCy component: a word class tag on every en/fr token for the rule matchers."""
from __future__ import annotations

import re

import numpy
from spacy.attrs import ORTH, TAG
from spacy.language import Language
from spacy.tokens import Doc

from extractors.gazetteer import load_gazetteer
from extractors.patterns import general_patterns
from sources.textnorm import normalize

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
        # through arrays: a Token object per word cost more than the classes themselves
        cache, strings = self._cache, doc.vocab.strings
        tags = []
        for orth in doc.to_array([ORTH]).tolist():
            tag = cache.get(orth)
            if tag is None:
                text = strings[orth]
                if _CAP.match(text):
                    tag = self._g if self._glued and self._glued.match(text.lower()) else self._c
                else:
                    tag = self._j if text in self._join else self._none
                if len(cache) < 500_000:
                    cache[orth] = tag
            tags.append(tag)
        if tags:
            doc.from_array([TAG], numpy.array(tags, dtype=numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]  # thinc's Ints2d: numpy's array unknown to its stubs
        return doc
