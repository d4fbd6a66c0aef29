"""A cheap language guess for pages that do not say (ja, fr or en), by script and common words."""
from __future__ import annotations

import re

_KANA = re.compile(r"[\u3040-\u30ff]")
_FRENCH = re.compile(r"\b(le|la|les|des|du|et|est|une|pour|avec|dans|sur|aux|au)\b", re.I)
_ENGLISH = re.compile(r"\b(the|and|of|to|is|with|for|on|in|that|by)\b", re.I)


def guess_lang(text: str) -> str:
    """'ja' when kana appear, else 'fr' or 'en' by which function words are more frequent."""
    if len(_KANA.findall(text)) >= 3:
        return "ja"
    return "fr" if len(_FRENCH.findall(text)) > len(_ENGLISH.findall(text)) else "en"
