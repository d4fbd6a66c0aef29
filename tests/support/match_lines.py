"""`roadmap match` input for tests: JSON lines, and an extraction stub that finds one name the gazetteer lacks."""
from __future__ import annotations

import json

from extractors.types import Mention

NAME = "Cyber Policy Dialogue"


def stub_extract(text, lang=None):
    """Finds one name the gazetteer lacks: the linker must fall back on wording."""
    if NAME not in text:
        return []
    start = text.index(NAME)
    return [Mention(type="dialogue", text=NAME, start=start, end=start + len(NAME), sentence=text,
                    sentence_start=0, action="held", countries=("JP", "CA"), lang=lang or "en")]


def lines(*records):
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)
