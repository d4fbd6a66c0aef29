"""The process's one SudachiPy dictionary, and a tokenizer on it per thread.

The dictionary is large (~140 MB resident): the spaCy tokenizer and the linker's similarity index
share it instead of loading one each.
"""
from __future__ import annotations

import threading
from functools import lru_cache


@lru_cache(maxsize=1)
def _dictionary():
    from sudachipy import Dictionary

    return Dictionary(dict="core")


_PER_THREAD = threading.local()
JA_FIELDS = {"pos", "normalized_form"}  # Morpheme methods other than these give no real value


def sudachi_tokenizer():
    """This thread's SudachiPy tokenizer (SplitMode.A: short units segment names the same in any
    context). One per thread, from one shared dictionary: a Sudachi tokenizer refuses concurrent use
    ("Tokenizer is already in use"). Only the fields we read are loaded (surface, part of speech,
    normalised form): Sudachi skips decoding the readings and dictionary forms of every word."""
    tok = getattr(_PER_THREAD, "tokenizer", None)
    if tok is None:
        from sudachipy import SplitMode

        tok = _PER_THREAD.tokenizer = _dictionary().tokenizer(mode=SplitMode.A, fields=JA_FIELDS)
    return tok
