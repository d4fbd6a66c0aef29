"""An extraction stub that finds one gazetteer name, for tests of the pipeline's plumbing (not extraction quality)."""
from __future__ import annotations

from extractors.types import Mention as FoundMention

GAZETTEER = """entities:
- {id: jp-ca-mlat, type: agreement, one_off: true, commitments: ["1.5-1"],
   names: {en: [Treaty on Mutual Legal Assistance]}}
"""
NAME = "Treaty on Mutual Legal Assistance"


def fake_extract(text, lang=None):
    if NAME not in text:
        return []
    start = text.index(NAME)
    sentence = text.split(".")[0] + "."
    return [FoundMention(type="agreement", text=NAME, start=start, end=start + len(NAME), sentence=sentence,
                         sentence_start=0, canonical_id="jp-ca-mlat", action="entered_into_force",
                         countries=("JP", "CA"), lang="en")]
