"""Our unofficial EN/FR translations cover exactly what the parser finds in the Japanese text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from config.roadmap_data import load_bundle

ROADMAP_DIR = Path(__file__).resolve().parents[2] / "config" / "roadmaps" / "jp-ca-2026"
LANGUAGES = ("en", "fr")
# Kana and CJK ideographs: any left in a translation means a passage was not translated.
JAPANESE_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]")


@pytest.fixture(scope="module")
def bundle():
    return load_bundle(ROADMAP_DIR)


def _raw(lang: str) -> dict:
    meta = yaml.safe_load((ROADMAP_DIR / "meta.yaml").read_text(encoding="utf-8"))
    name = meta["translations"][lang]
    return yaml.safe_load((ROADMAP_DIR / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_file_is_marked_unofficial_and_in_its_language(lang):
    data = _raw(lang)
    assert data["unofficial"] is True
    assert data["language"] == lang
    assert str(data.get("translator") or "").strip()
    assert "unofficial" in data["title"] or "non officielle" in data["title"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keys_are_strings(lang):
    # An unquoted 1.1 would load as a float and silently miss its section.
    data = _raw(lang)
    assert all(isinstance(k, str) for k in data["sections"])
    assert all(isinstance(k, str) for k in data["commitments"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_covers_exactly_the_parsed_commitments(bundle, lang):
    expected = [c.cid for c in bundle.parsed.commitments]
    assert len(expected) == len(set(expected))
    got = set(bundle.translations[lang]["commitments"])
    assert sorted(set(expected) - got) == [], "missing translations"
    assert sorted(got - set(expected)) == [], "translations for IDs the parser does not produce"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_covers_exactly_the_parsed_sections(bundle, lang):
    expected = {s.number for s in bundle.parsed.sections}
    got = set(bundle.translations[lang]["sections"])
    assert sorted(expected - got) == [], "missing section titles"
    assert sorted(got - expected) == [], "section numbers the parser does not produce"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_empty_or_untranslated_text(bundle, lang):
    tr = bundle.translations[lang]
    texts = {**{f"section {k}": v for k, v in tr["sections"].items()}, **tr["commitments"]}
    empty = [k for k, v in texts.items() if not isinstance(v, str) or not v.strip()]
    assert empty == []
    japanese = [k for k, v in texts.items() if JAPANESE_RE.search(v)]
    assert japanese == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bundle_exposes_translations_per_commitment(bundle, lang):
    infos = bundle.commitment_infos()
    field = f"text_{lang}"
    assert infos and all(getattr(i, field) for i in infos)
    assert all(bundle.section_title(s.number, lang) for s in bundle.parsed.sections)
