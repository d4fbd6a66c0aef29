"""Lexical similarity between a sentence and each commitment, in the sentence's own language.

Japanese is compared with the official Japanese text (tokens from SudachiPy), English with our English
translation, French with our French one; each commitment's analyst keywords are added to its text in
every language. Similarity is the cosine of IDF-weighted term vectors, with the sentence restricted to
terms that occur in some commitment (a long release does not dilute it). Pure and deterministic.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Sequence

from config.roadmap_data import CommitmentInfo
from extractors.sudachi_dictionary import sudachi_tokenizer

WORD_RE = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿœŒ]+(?:['’][A-Za-zÀ-ÿ]+)?")
JA_KEEP_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞"})
JA_DROP_POS2 = frozenset({"数詞", "代名詞", "非自立可能", "助数詞", "助数詞可能"})
JA_STOP = frozenset({"為る", "有る", "居る", "成る", "行う", "事", "為", "等", "的", "日", "年", "月",
                     "両国", "日本", "カナダ", "加", "日加", "開催", "実施", "本日", "今回", "第", "こと", "もの", "回"})
EN_STOP = frozenset("""a an the and or of to in on for with by at from as is are was were be been being this that
these those its it their our we they both two japan canada canadian japanese including include includes
which who will would shall can may also such through between other others has have had not no into
minister ministers government""".split())
FR_STOP = frozenset("""le la les l un une des de du d et ou à au aux en dans par pour sur avec sous entre
ce cet cette ces son sa ses leur leurs nos notre est sont été être a ont qui que qu y ne pas plus
japon canada canadien canadienne japonais japonaise deux ainsi comme ministre ministres gouvernement""".split())
MAX_SUDACHI_CHARS = 12000  # well under Sudachi's input limit (~49 KB)
_CONTENT_POS: dict[int, bool] = {}  # Sudachi part-of-speech id -> a content word (one dictionary per process)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def _stem(word: str, lang: str) -> str:
    if lang == "fr":
        for suffix in ("ations", "ation", "ments", "ment", "es", "s", "x", "e"):
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                return word[: -len(suffix)]
        return word
    for suffix in ("ations", "ation", "ing", "ies", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def tokens(text: str, lang: str) -> Sequence[str]:
    """Content-word tokens of ``text``: Sudachi normalized forms for ``ja``, light stems otherwise.
    Read-only: Japanese ones are shared (a sentence is read by mention and passage linking both)."""
    if lang == "ja":
        # keyed by the folded text: a sentence as published (６日) and normalised (6日) is read once
        return _ja_tokens(_fold(text or ""))
    return _tokens(text, lang)


# folded sentence -> its Japanese content words. Extraction's tokenizer, which reads a release
# sentence by sentence, leaves each sentence's words here, so that linking does not run Sudachi again.
_JA_TOKENS: dict[str, tuple[str, ...]] = {}
JA_TOKENS_KEPT = 4096


def _ja_tokens(folded: str) -> tuple[str, ...]:
    found = _JA_TOKENS.get(folded)
    if found is None:
        found = tuple(_tokens(folded, "ja"))  # folding again changes nothing (NFKC is idempotent)
        remember_ja_tokens(folded, found)
    return found


def remember_ja_tokens(sentence: str, words: tuple[str, ...]) -> None:
    """Keep ``words``, what Sudachi read in ``sentence`` alone (see :func:`ja_content_word`), for
    :func:`tokens`; only a sentence that is its own folded form and within the length read is kept."""
    if len(sentence) > MAX_SUDACHI_CHARS or _fold(sentence) != sentence:
        return
    if len(_JA_TOKENS) >= JA_TOKENS_KEPT:
        _JA_TOKENS.clear()
    _JA_TOKENS[sentence] = words


def clear_ja_tokens() -> None:
    """Forget the sentences read (the bench does so between releases)."""
    _JA_TOKENS.clear()


def ja_content_word(morpheme) -> str | None:
    """The index form of a Sudachi morpheme when it is a content word, else None."""
    return ja_content_form(morpheme.normalized_form()) if ja_content_pos(morpheme) else None


def ja_content_pos(morpheme, pos_id: int | None = None) -> bool:
    """Whether the part of speech of ``morpheme`` (id ``pos_id`` when the caller has it) is one of
    content words."""
    pos_id = morpheme.part_of_speech_id() if pos_id is None else pos_id
    keep = _CONTENT_POS.get(pos_id)
    if keep is None:  # the tuple part_of_speech() builds costs more than the rest: once per id
        pos = morpheme.part_of_speech()
        keep = _CONTENT_POS[pos_id] = pos[0] in JA_KEEP_POS and pos[1] not in JA_DROP_POS2
    return keep


def ja_content_form(form: str) -> str | None:
    """The index form of a content word's normalised form, or None for a stop word or a number."""
    return None if form in JA_STOP or form.isdigit() else form.lower()


def _tokens(text: str, lang: str) -> list[str]:
    text = _fold(text or "")
    if lang == "ja":
        content = (ja_content_word(m) for m in sudachi_tokenizer().tokenize(text[:MAX_SUDACHI_CHARS]))
        return [w for w in content if w is not None]
    stop = FR_STOP if lang == "fr" else EN_STOP
    words = (w.lower().replace("’", "'") for w in WORD_RE.findall(text))
    words = (w.split("'", 1)[1] if "'" in w and lang == "fr" else w for w in words)  # l'accord -> accord
    return [_stem(w, lang) for w in words if w not in stop and len(w) > 1 and not w.isdigit()]


def commitment_text(c: CommitmentInfo, lang: str) -> str:
    """The commitment's text in ``lang`` (empty when not translated) plus its keywords."""
    body = {"ja": c.text_ja, "en": c.text_en, "fr": c.text_fr}.get(lang, "")
    return " ".join([body or "", *c.keywords])


class SimilarityIndex:
    """IDF-weighted term vectors of every commitment, per language, built once per run."""

    def __init__(self, commitments: list[CommitmentInfo], langs=("ja", "en", "fr")):
        self.cids = [c.cid for c in commitments]
        self._vectors: dict[str, dict[str, dict[str, float]]] = {}
        self._idf: dict[str, dict[str, float]] = {}
        self._postings: dict[str, dict[str, list[tuple[str, float]]]] = {}  # term -> [(cid, weight)]
        for lang in langs:
            bags = {c.cid: Counter(tokens(commitment_text(c, lang), lang)) for c in commitments}
            df = Counter(t for bag in bags.values() for t in bag)
            n = max(len(bags), 1)
            idf = {t: math.log(1 + n / d) for t, d in df.items()}
            self._idf[lang] = idf
            self._vectors[lang] = {cid: _normalise({t: (1 + math.log(f)) * idf[t] for t, f in bag.items()})
                                   for cid, bag in bags.items() if bag}
            postings: dict[str, list[tuple[str, float]]] = {}
            for cid, cvec in self._vectors[lang].items():
                for t, w in cvec.items():
                    postings.setdefault(t, []).append((cid, w))
            self._postings[lang] = postings

    def vector(self, text: str, lang: str) -> dict[str, float]:
        """The sentence's vector, restricted to the commitments' vocabulary in ``lang``."""
        idf = self._idf.get(lang) or {}
        bag = Counter(t for t in tokens(text, lang) if t in idf)
        return _normalise({t: (1 + math.log(f)) * idf[t] for t, f in bag.items()})

    def scores(self, text: str, lang: str) -> dict[str, float]:
        """Cosine similarity in [0, 1] of ``text`` with each commitment (those with text in ``lang``)."""
        return self.scores_for_vector(self.vector(text, lang), lang)

    def scores_for_vector(self, vec: dict[str, float], lang: str) -> dict[str, float]:
        if not vec:
            return {}
        cosine: dict[str, float] = {}
        covered: dict[str, float] = {}  # share of the sentence the commitment explains
        postings = self._postings.get(lang) or {}
        for t, w in vec.items():
            for cid, cw in postings.get(t, ()):
                cosine[cid] = cosine.get(cid, 0.0) + w * cw
                covered[cid] = covered.get(cid, 0.0) + w * w
        return {cid: min(1.0, math.sqrt(cosine[cid] * covered[cid])) for cid in cosine}

    def shared_terms(self, vec: dict[str, float], cid: str, lang: str, k: int = 4) -> list[str]:
        """The terms that weigh most in the similarity of a sentence vector with commitment ``cid``."""
        cvec = (self._vectors.get(lang) or {}).get(cid) or {}
        common = sorted(((w * cvec[t], t) for t, w in vec.items() if t in cvec), reverse=True)
        return [t for _, t in common[:k]]


def _normalise(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm else {}
