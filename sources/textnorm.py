"""Text normalisation, in one place.

``normalize`` is length-preserving (one character in, one character out) so that offsets found in the
normalised text are valid in the original: extraction and linking use it. ``normalize_compat`` is
NFKC (full-width digits, era ligatures like ㋿ spelled out) with typographic apostrophes and dashes
made plain; offsets do not survive it: date parsing uses it.
"""
from __future__ import annotations

import re
import unicodedata

_MAP = {
    # dashes and hyphens -> ASCII hyphen (Japan–Canada, Japan‐Canada)
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u30fc\u30fc": "",  # placeholder removed below (keep katakana long vowel mark as is)
    # quotes and apostrophes
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    # spaces
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ",
    # middle dots
    "\uff65": "\u30fb", "\u00b7": "\u30fb",
}
_MAP.pop("\u30fc\u30fc")
# Full-width ASCII (ＡＣＳＡ, ２＋２, （）) -> ASCII, one for one.
_MAP.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})
_TABLE = str.maketrans(_MAP)  # the plain reading, which tests pin _FOLDED to
# A release holds a few such characters among thousands: replacing only where they are costs a
# tenth of str.translate, which looks every character up in a dict.
_FOLDED = re.compile("[" + "".join(re.escape(c) for c in sorted(_MAP)) + "]")


def _fold_one(match: re.Match) -> str:
    return _MAP[match.group()]


def normalize(text: str) -> str:
    """Return ``text`` with dashes, quotes, spaces and full-width ASCII folded; same length."""
    return _FOLDED.sub(_fold_one, text)


def normalize_compat(text: str) -> str:
    """NFKC (full-width digits to ASCII), typographic apostrophes and dashes made plain; length may change."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
