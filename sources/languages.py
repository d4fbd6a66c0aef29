"""Which of Japanese, English or French a text (or each paragraph of a mixed page) is written in.

The one language guesser: pages that do not say (``guess_lang``), documents and their paragraphs
during extraction (``detect_language``, ``language_runs``).
"""
from __future__ import annotations

import re

LANGS = ("ja", "en", "fr")
_KANA = re.compile(r"[\u3040-\u30ff]")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:'[A-Za-zÀ-ÿ]+)?")
_FR_WORDS = frozenset("le la les des du de et à au aux est une un pour dans avec sur par qui que ne pas été "
                      "ont sont cette ces leur entre lors l d".split())
_EN_WORDS = frozenset("the and of to is in with for on by that this was were are be has have its from as at "
                      "an which will".split())
_FR_CHARS = re.compile(r"[éèêàçùâîôûœ]")


def _scores(text: str) -> tuple[int, int, int]:
    cjk = len(_CJK.findall(text))
    words = _LATIN_WORD.findall(text.lower())
    fr = sum(1 for w in words if w in _FR_WORDS or w.startswith(("l'", "d'", "qu'")))
    en = sum(1 for w in words if w in _EN_WORDS)
    fr += len(_FR_CHARS.findall(text)) // 3
    return cjk, en, fr


def detect_language(text: str, default: str = "en") -> str:
    """Return 'ja', 'en' or 'fr' for ``text``.

    Any kana makes a text Japanese (kanji alone could be Chinese, which we do not track); between
    English and French the function words decide. Empty or undecidable text gives ``default``.
    """
    cjk, en, fr = _scores(text)
    if _KANA.search(text) or (cjk and cjk * 4 >= len(text.strip())):
        return "ja"
    if en == fr == 0:
        return default
    return "fr" if fr > en else "en"


def paragraph_language(paragraph: str, default: str) -> str:
    """The language of one paragraph, falling back to ``default`` when it says too little to tell."""
    if _KANA.search(paragraph):  # before counting: most Japanese paragraphs end here
        return "ja"
    cjk, en, fr = _scores(paragraph)
    if cjk >= 2:
        return "ja"
    if en + fr >= 3:
        return "fr" if fr > en else "en"
    return default  # headings, dates, names, acronyms: keep the document's language


def language_runs(text: str, lang: str | None = None) -> list[tuple[int, int, str]]:
    """Split ``text`` into runs of consecutive paragraphs in one language: ``[(start, end, lang)]``.

    ``lang`` is the document's declared language (None: detect it from the whole text); paragraphs
    that clearly are in another language (an English section on a Japanese page) get their own run.
    """
    doc_lang = lang or detect_language(text)
    runs: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line)
        stripped = line.strip()
        plang = runs[-1][2] if runs and not stripped else (paragraph_language(stripped, doc_lang) if stripped else doc_lang)
        if runs and runs[-1][2] == plang:
            runs[-1] = (runs[-1][0], end, plang)
        else:
            runs.append((pos, end, plang))
        pos = end
    return runs or [(0, len(text), doc_lang)]


def guess_lang(text: str) -> str:
    """ja, en or fr for a page or document that does not say (its first 4000 characters decide)."""
    return detect_language(text[:4000])
