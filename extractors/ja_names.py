"""Japanese exercise names: which 「…訓練」 are names, and code names the suffix patterns miss.

「共同訓練」「通信訓練」「洋上補給訓練」 are kinds of training, not names: a 「…訓練／演習」 is a name only
when a proper part precedes the head (a katakana or Latin code name, a number, a partner compound
such as 日加 / 日英, a quoted name). 「北海道大演習場」 is a place: a head that runs on into 場 is no head.
Katakana code names with a year, 「ヴィジラント・アイルズ26」, are exercises when the sentence speaks of
訓練 or 演習.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

EXERCISE_HEADS = frozenset({"訓練", "演習"})
_PROPER = re.compile(r"[ァ-ヴー]{2,}|[A-Za-zＡ-Ｚａ-ｚ0-9０-９]|日・?[加米豪英仏独伊印比韓中越尼星露]|[「『]")
_NOT_HEAD_AFTER = ("場", "所", "林")  # 演習場, 訓練所, 演習林: places
_CODE_NAME = re.compile(r"(?<![ァ-ヴー・])[ァ-ヴー]{2,}(?:・[ァ-ヴー]{2,})*[ 　]?(?:20\d\d|\d\d)(?:-\d{1,2})?(?![0-9])")
_CONTEXT = re.compile(r"訓練|演習")
_CONTEXT_CHARS = 60


def is_generic_exercise(doc: Doc, start: int, end: int, text: str) -> bool:
    """Whether the exercise span ``doc[start:end]`` (ending on its head) is a kind of training rather
    than a name, or a place (「…演習場」)."""
    head = doc[end - 1]
    if head.text not in EXERCISE_HEADS:
        return False
    after = head.idx + len(head.text)
    if text.startswith(_NOT_HEAD_AFTER, after):
        return True
    name = text[doc[start].idx:head.idx]
    quoted = head.idx > 0 and text[doc[start].idx - 1:doc[start].idx] in ("「", "『")
    return not (quoted or _PROPER.search(name))


def code_name_spans(doc: Doc, text: str) -> list[Span]:
    """Katakana code names with a year (「ヴィジラント・アイルズ26」) in sentences about training."""
    out = []
    for m in _CODE_NAME.finditer(text):
        left = text.rfind("。", 0, m.start()) + 1
        window = text[max(left, m.start() - _CONTEXT_CHARS):m.end() + _CONTEXT_CHARS].split("。")
        around = "".join(window[:2]) if left <= m.start() - _CONTEXT_CHARS else window[0]
        if not _CONTEXT.search(around):
            continue
        span = doc.char_span(m.start(), m.end(), label="exercise", alignment_mode="contract")
        if span is not None and len(span):
            out.append(span)
    return out
