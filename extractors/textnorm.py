"""Length-preserving normalisation: one character in, one character out, so offsets stay valid."""
from __future__ import annotations

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
_TABLE = str.maketrans(_MAP)


def normalize(text: str) -> str:
    """Return ``text`` with dashes, quotes, spaces and full-width ASCII folded; same length."""
    return text.translate(_TABLE)
