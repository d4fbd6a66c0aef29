"""BM25 between a passage of a release and every commitment, in the passage's language.

The commitments are the indexed documents: the official Japanese text, our English and our French
translations, each with the analysts' keywords. Tokens: SudachiPy normalised forms of content words
for Japanese (the tokenizer extraction shares), Snowball stems (PyStemmer) for English and French.
Scoring is bm25s; a passage's score for a commitment grows with the rare commitment words it shares.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
import yaml

from config.roadmap_data import CommitmentInfo
from extractors.similarity import EN_STOP, FR_STOP, commitment_text, tokens as ja_tokens
from extractors.cues import CUES_FILE
from sources.textnorm import normalize

WORD_RE = re.compile(r"[0-9a-zà-öø-ÿœ]+")
EXTRA_STOP = {
    "en": frozenset("""said stated expressed view views would further continue continued also two leaders
prime president mr ms mrs hon honourable time meeting talk talks telephone""".split()),
    "fr": frozenset("""dit déclaré exprimé également aussi deux dirigeants premier président m mme honorable
réunion entretien téléphonique""".split()),
}
_STEMMERS = threading.local()


def _stemmer(lang: str):
    stemmers = getattr(_STEMMERS, "by_lang", None)
    if stemmers is None:
        stemmers = _STEMMERS.by_lang = {"en": Stemmer.Stemmer("english"), "fr": Stemmer.Stemmer("french")}
    return stemmers[lang]


@lru_cache(maxsize=None)
def generic_terms(lang: str) -> frozenset:
    """Index terms of diplomatic boilerplate (``generic`` in config/linking.yaml), left out of queries."""
    words = (yaml.safe_load(Path(CUES_FILE).read_text(encoding="utf-8")).get("generic") or {}).get(lang) or ()
    if lang == "ja":
        return frozenset(str(w).lower() for w in words)
    return frozenset(_stemmer(lang).stemWords([str(w).lower() for w in words]))


def terms(text: str, lang: str) -> list[str]:
    """The index terms of ``text``: Sudachi content words for ``ja``, stems of non-stop words otherwise."""
    if lang == "ja":
        return list(ja_tokens(text, "ja"))
    stop = FR_STOP if lang == "fr" else EN_STOP
    extra = EXTRA_STOP[lang if lang == "fr" else "en"]
    words = WORD_RE.findall(normalize(text).lower().replace("’", "'"))
    words = [w for w in words if len(w) > 1 and w not in stop and w not in extra and not w.isdigit()]
    return _stemmer(lang if lang == "fr" else "en").stemWords(words)


def _dense_scores(index: bm25s.BM25) -> np.ndarray:
    """bm25s's per-term scores (a sparse term x document matrix) as a dense array: with some seventy
    commitments and a few thousand terms it is small, and a query is one indexed sum (what
    ``BM25.get_scores`` computes, without its per-call overhead on short passages)."""
    scores = index.scores
    indptr, indices, data = scores["indptr"], scores["indices"], scores["data"]
    dense = np.zeros((len(indptr) - 1, scores["num_docs"]), dtype=np.float32)
    for term in range(len(indptr) - 1):
        lo, hi = indptr[term], indptr[term + 1]
        dense[term, indices[lo:hi]] = data[lo:hi]
    return dense


class PassageIndex:
    """One BM25 index of the commitments per language; build once, query per passage."""

    def __init__(self, commitments: list[CommitmentInfo], langs=("ja", "en", "fr"), *, k1: float = 1.2,
                 b: float = 0.75):
        self.cids = [c.cid for c in commitments]
        self._bm25: dict[str, bm25s.BM25] = {}
        self._dense: dict[str, np.ndarray] = {}  # term id x commitment: bm25s's scores, unpacked
        self._commitment_terms: dict[str, list[set[str]]] = {}
        for lang in langs:
            corpus = [terms(commitment_text(c, lang), lang) or ["∅"] for c in commitments]
            index = bm25s.BM25(k1=k1, b=b)
            index.index(corpus, show_progress=False)
            self._bm25[lang] = index
            self._dense[lang] = _dense_scores(index)
            self._commitment_terms[lang] = [set(t) for t in corpus]

    def query_terms(self, text: str, lang: str) -> list[str]:
        """The terms of ``text`` that some commitment in ``lang`` contains."""
        vocab, generic = self._bm25[lang].vocab_dict, generic_terms(lang)
        words = ja_tokens(text, "ja") if lang == "ja" else terms(text, lang)  # no copy of the shared tokens
        return [t for t in words if t in vocab and t and t not in generic]

    def sentence_queries(self, norm: str, spans: list[tuple[int, int]], lang: str) -> list[list[str]]:
        """:meth:`query_terms` of each ``norm[s:e]``, for English and French in one pass over the text
        (one regular-expression scan, one stemming call) rather than one per sentence."""
        lowered = norm.lower().replace("’", "'")
        if lang == "ja" or len(lowered) != len(norm):
            return [self.query_terms(norm[s:e], lang) for s, e in spans]
        drop = (FR_STOP if lang == "fr" else EN_STOP) | EXTRA_STOP[lang if lang == "fr" else "en"]
        words: list[str] = []
        bounds = [0]
        for s, e in spans:
            words.extend(w for w in WORD_RE.findall(lowered, s, e) if len(w) > 1 and w not in drop and not w.isdigit())
            bounds.append(len(words))
        stems = _stemmer(lang if lang == "fr" else "en").stemWords(words)
        vocab, generic = self._bm25[lang].vocab_dict, generic_terms(lang)
        return [[t for t in stems[bounds[k]:bounds[k + 1]] if t in vocab and t and t not in generic]
                for k in range(len(spans))]

    def scores(self, query: list[str], lang: str) -> np.ndarray:
        """BM25 of the query terms against every commitment (in ``self.cids`` order)."""
        if not query:
            return np.zeros(len(self.cids))
        vocab = self._bm25[lang].vocab_dict
        return self._dense[lang][[vocab[t] for t in query]].sum(axis=0)

    def shared(self, query: list[str], cid_index: int, lang: str) -> list[str]:
        """The query terms commitment ``cid_index`` contains, in query order, without repeats."""
        own = self._commitment_terms[lang][cid_index]
        return list(dict.fromkeys(t for t in query if t in own))
