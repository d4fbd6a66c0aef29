"""Invisible characters that change how a text reads without being seen: bidirectional overrides and
isolates (U+202A–U+202E, U+2066–U+2069, LRM/RLM/ALM) and zero-width characters (U+200B–U+200D,
U+2060–U+2064, U+FEFF, U+180E). A title holding them can show an analyst one thing and mean another
(``‮txt.exe``); none belongs in the ministries' Japanese, English or French titles."""
from __future__ import annotations

import re

INVISIBLE_CONTROLS = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def without_invisible_controls(text: str | None) -> str:
    """``text`` without bidi controls and zero-width characters ("" for None)."""
    return INVISIBLE_CONTROLS.sub("", text or "")
