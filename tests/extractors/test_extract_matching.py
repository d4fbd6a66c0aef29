"""The anchored general matcher (and for Japanese the one reading stretches between barrier tokens) finds
exactly what one spaCy Matcher over the whole text finds."""
import pytest
from spacy.matcher import Matcher

from evaluation.extraction import load_devset
from extractors.patterns import anchoring, general_patterns
from extractors.pipeline import build_pipeline
from sources.textnorm import normalize

TRICKY = {
    "en": ["Agreement on the of the of the of the of the and the of Trade. Exercise Maple Leaf Tide, Exercise Foo "
           "2+2 Op. NANOOK Operation NANOOK - TAKUNIQ Memorandum of Cooperation on the Joint Development of Things "
           "Dialogue on Dialogue on Arctic Science Agreement Agreement on",
           "exercise exercise Exercise 2 + 2 + 2 Treaty between Japan and Canada on Mutual Legal Assistance"],
    "fr": ["Accord de coopération sur les choses du monde entier et autres. exercice Maple Dialogue Arctique Canada "
           "Japon protocole d'entente sur la coopération en matière de défense dialogue stratégique annuel canado",
           "Dialogue Dialogue Accord Accord Canada-Japon opération NANOOK - TAKUNIQ consultations stratégiques"],
    # keywords inside a run of nouns, at a text's start and end, 「に関する」 with and without nouns after it
    "ja": ["協定交換公文協定。日加物品役務相互提供協定に関する協議会作業部会外交関係樹立周年2+2+2協定",
           "協定に関する協定、防衛装備品・技術移転協定に関する日加協議会の会合は外交関係樹立90周年に行われた訓練"],
}


def _whole_doc_matches(nlp, lang, doc):
    matcher = Matcher(nlp.vocab)
    for label, patterns in general_patterns(lang).by_label.items():
        matcher.add(label, patterns, greedy="LONGEST")
    return sorted(matcher(doc))


@pytest.mark.parametrize("lang", ["en", "fr", "ja"])
def test_anchored_matches_equal_whole_doc_matches(lang):
    nlp = build_pipeline(lang)
    anchored = nlp.get_pipe("roadmap_general").matcher
    texts = [d.text for d in load_devset() if d.lang == lang] + TRICKY[lang]
    for text in texts:
        doc = nlp(normalize(text))
        assert sorted(anchored(doc)) == _whole_doc_matches(nlp, lang, doc), text[:80]


def test_anchoring_needs_fixed_first_words_and_word_class_repeats():
    cap = {"TAG": {"IN": ["C", "G"]}}
    assert anchoring([[{"LOWER": "exercise"}, cap, {"OP": "*", **cap}]]) == ({"ORTH": frozenset(),
                                                                               "LOWER": frozenset({"exercise"})}, 2)
    assert anchoring([[{"LOWER": "exercise"}, {"OP": "*", "IS_ALPHA": True}]]) is None  # unbounded, any word
    assert anchoring([[{"OP": "+", "TAG": "N"}, {"ORTH": "協定"}]]) is None  # no fixed first word
    assert general_patterns("ja").anchors is None and general_patterns("en").anchors is not None


@pytest.mark.parametrize("lang,sentence,expected", [
    ("en", "the agreement was signed and entered into force; they held talks and welcomed it.",
     ["signed", "entered_into_force", "held", "welcomed"]),
    ("fr", "l'accord a été signé puis est entré en vigueur; le dialogue s'est tenu.", ["signed", "entered_into_force", "held"]),
    ("ja", "協定に署名し、発効した。対話を開催した。", ["signed", "entered_into_force", "held"]),
])
def test_action_triggers_found_with_first_character_filter(lang, sentence, expected):
    from extractors.actions import action_finder

    finder = action_finder(lang)
    assert "(?=[" in finder._triggers.pattern  # the filter was derived from the triggers
    assert [label for _, _, label in finder.triggers(sentence)] == expected


def test_first_chars_gives_up_on_patterns_it_cannot_read():
    from extractors.regex_syntax import first_chars

    assert first_chars([r"\bsign(?:ed)?", "(?:entry|came) into", "[a-c]x"]) == {"s", "e", "c", "a", "b"}
    assert first_chars([r"\w+ed"]) is None and first_chars([r"(?:x)?y"]) is None
