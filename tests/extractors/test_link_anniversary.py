"""An anniversary other than the one a bullet names is another occasion: the 90th anniversary of
diplomatic relations is not the 100th that 6-1 plans for. Sentences are our own."""
from __future__ import annotations

import pytest

from extractors.anniversary import anniversary_numbers, other_anniversary
from evaluation.realset_score import pipeline_matcher
from extractors.types import DocumentInput


@pytest.mark.parametrize("lang,text,numbers", [
    ("en", "They celebrated the 90th anniversary of diplomatic relations.", {90}),
    ("fr", "Ils ont célébré le 95e anniversaire des relations diplomatiques.", {95}),
    ("ja", "外交関係樹立90周年を迎えた。", {90}),
    ("en", "Relations remain close.", set()),
])
def test_anniversary_numbers(lang, text, numbers):
    assert anniversary_numbers(text, lang) == numbers


def test_only_a_different_number_is_another_occasion():
    assert other_anniversary("90周年", frozenset({100}), "ja")
    assert not other_anniversary("100周年", frozenset({100}), "ja")
    assert not other_anniversary("90周年", frozenset(), "ja")  # a bullet naming no anniversary: no opinion


@pytest.fixture(scope="module")
def match():
    return pipeline_matcher(threshold=0.5)


@pytest.mark.parametrize("lang,number", [("ja", "90"), ("ja", "100")])
def test_the_centennial_bullet_takes_only_its_own_anniversary(match, lang, number):
    text = f"両首脳は、日加外交関係樹立{number}周年を歓迎し、両国間の交流を一層促進していくことで一致しました。"
    _, links = match(DocumentInput(id="t", text=text, title="日加首脳会談", lang=lang))
    linked = "6-1" in {lk.commitment_id for lk in links if lk.suggested}
    assert linked == (number == "100")
