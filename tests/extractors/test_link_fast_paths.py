"""The fast paths of matching give what a straightforward reading gives, on our own sample releases
(evaluation/data/devset): BM25 as bm25s scores it, one query per sentence, Sudachi content words read
morpheme by morpheme, word classes set token by token, links that do not depend on the
sentences read before (the per-sentence caches), and name alternations guarded on their first characters."""
from __future__ import annotations

import re

import numpy
import pytest

from config.roadmap_data import load_bundle
from evaluation.extraction import load_devset
from extractors.actions import action_finder
from extractors.countries import country_finder
from extractors.cues import place_pattern
from extractors.extract import extract_mentions
from extractors.linker import Linker
from extractors.passage_index import PassageIndex
from extractors.pipeline import build_pipeline
from extractors.segment import sentence_spans
from extractors.similarity import (_JA_TOKENS, JA_DROP_POS2, JA_KEEP_POS, JA_STOP, _fold, _tokens, clear_ja_tokens,
                                   tokens)
from extractors.sudachi_dictionary import sudachi_tokenizer
from sources.textnorm import normalize
from extractors.types import DocumentInput
from extractors.word_classes import _CAP

LANGS = ("en", "fr", "ja")


@pytest.fixture(scope="module")
def commitments():
    return load_bundle().commitment_infos()


@pytest.fixture(scope="module")
def index(commitments):
    return PassageIndex(commitments)


def _texts(lang: str) -> list[str]:
    texts = [normalize(d.text) for d in load_devset() if d.lang == lang]
    assert texts, f"no {lang} release in the development set"
    return texts


@pytest.mark.parametrize("lang", LANGS)
def test_dense_bm25_scores_are_bm25s_scores(index, lang):
    compared = 0
    for text in _texts(lang):
        for s, e in sentence_spans(text):
            query = index.query_terms(text[s:e], lang)
            if query:
                reference = index._bm25[lang].get_scores(query)
                assert numpy.allclose(index.scores(query, lang), reference, atol=1e-4), text[s:e]
                compared += 1
    assert compared >= 10


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_one_pass_over_a_release_gives_each_sentence_s_own_query(index, lang):
    for text in _texts(lang):
        spans = sentence_spans(text)
        assert index.sentence_queries(text, spans, lang) == [index.query_terms(text[s:e], lang) for s, e in spans]


def _plain_ja_tokens(text: str) -> list[str]:
    out = []
    for m in sudachi_tokenizer().tokenize(_fold(text)):
        pos = m.part_of_speech()
        form = m.normalized_form()
        if pos[0] in JA_KEEP_POS and pos[1] not in JA_DROP_POS2 and form not in JA_STOP and not form.isdigit():
            out.append(form.lower())
    return out


def test_japanese_content_words_are_those_read_morpheme_by_morpheme():
    sentences = [t[s:e] for t in _texts("ja") for s, e in sentence_spans(t)]
    assert sum(1 for s in sentences if _plain_ja_tokens(s)) >= 10
    for sentence in sentences:
        assert _tokens(sentence, "ja") == _plain_ja_tokens(sentence), sentence


def test_a_japanese_sentence_as_published_and_normalised_is_read_once():
    clear_ja_tokens()
    published = "\uff16日、両国は\uff08東京で\uff09経済対話を開催した。"  # full-width digit and parentheses
    assert _tokens(published, "ja") == _tokens(normalize(published), "ja")
    assert tokens(published, "ja") == tokens(normalize(published), "ja") == tuple(_tokens(published, "ja"))
    assert len(_JA_TOKENS) == 1


def test_the_words_extraction_leaves_for_linking_are_those_sudachi_reads_in_each_sentence():
    left = 0
    for text in _texts("ja"):
        clear_ja_tokens()
        extract_mentions(text, "ja")
        for s, e in sentence_spans(text):
            if text[s:e] in _JA_TOKENS:
                left += 1
                assert _JA_TOKENS[text[s:e]] == tuple(_plain_ja_tokens(text[s:e])), text[s:e]
    assert left >= 10


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_word_classes_set_through_arrays_are_those_set_token_by_token(lang):
    nlp = build_pipeline(lang)
    classes = nlp.get_pipe("roadmap_word_classes")
    for text in _texts(lang):
        doc = nlp.make_doc(text)
        classes(doc)
        expected = []
        for token in doc:
            if _CAP.match(token.text):
                glued = classes._glued and classes._glued.match(token.text.lower())
                expected.append("G" if glued else "C")
            else:
                expected.append("J" if token.text in classes._join else "O")
        assert [t.tag_ for t in doc] == expected


@pytest.mark.parametrize("lang", LANGS)
def test_cached_sentence_readings_are_fresh_readings(lang):
    actions, countries = action_finder(lang), country_finder(lang)
    for text in _texts(lang):
        for s, e in sentence_spans(text):
            sentence = text[s:e]
            triggers = actions.triggers(sentence)
            triggers.append((0, 0, "caller's own"))  # a caller may change its list: the cache must not see it
            assert actions.triggers(sentence) == triggers[:-1]
            assert countries.codes(sentence) == countries.codes(text, s, e)


def _links(linker: Linker, doc: DocumentInput) -> list:
    return linker.link(doc, extract_mentions(doc.text, doc.lang))


def test_links_do_not_depend_on_the_sentences_read_before(commitments):
    docs = [DocumentInput(id=d.id, title="", text=d.text, lang=d.lang) for d in load_devset()]
    linker = Linker(commitments, threshold=0.5)
    warm = [_links(linker, doc) for doc in docs]  # caches filled by every release read before
    assert sum(link.suggested for links in warm for link in links) >= 10
    for doc, links in zip(docs, warm):
        clear_ja_tokens()
        action_finder(doc.lang).read.cache_clear()
        country_finder(doc.lang).sentence_codes.cache_clear()
        assert _links(linker, doc) == links, doc.id


def _unguarded(pattern: re.Pattern) -> re.Pattern:
    guard = re.match(r"\(\?=\[(?:\\.|[^\]])*\]\)", pattern.pattern)
    assert guard, f"no first-character guard on {pattern.pattern[:40]}"
    return re.compile(pattern.pattern[guard.end():])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_name_patterns_guarded_on_first_characters_find_what_the_plain_alternation_finds(lang):
    patterns = [country_finder(lang)._pattern, *(p for p, _ in place_pattern(lang))]
    found = 0
    for text in _texts(lang) + [text.lower() for text in _texts(lang)]:  # lower case: no name may start there
        for pattern in patterns:
            guarded = [(m.start(), m.group()) for m in pattern.finditer(text)]
            assert guarded == [(m.start(), m.group()) for m in _unguarded(pattern).finditer(text)]
            found += len(guarded)
    assert found >= 10


def test_sudachi_loading_only_the_fields_read_reads_what_a_full_tokenizer_reads():
    from sudachipy import SplitMode

    from extractors.sudachi_dictionary import _dictionary

    full = _dictionary().tokenizer(mode=SplitMode.A)
    sentences = [t[s:e] for t in _texts("ja") for s, e in sentence_spans(t)]
    assert len(sentences) >= 10
    for sentence in sentences:
        read = [(m.surface(), m.part_of_speech(), m.normalized_form()) for m in sudachi_tokenizer().tokenize(sentence)]
        assert read == [(m.surface(), m.part_of_speech(), m.normalized_form()) for m in full.tokenize(sentence)]


def test_membership_by_binary_search_is_numpy_isin():
    from extractors.token_stretches import member

    rng = numpy.random.default_rng(7)
    values = rng.integers(0, 2**62, 500, dtype=numpy.int64).astype(numpy.uint64)
    for size in (0, 1, 40):
        members = numpy.sort(rng.choice(values, size, replace=False)) if size else numpy.array([], dtype=numpy.uint64)
        members = numpy.append(members, numpy.uint64(2**63)) if size == 1 else members  # one above every value
        assert (member(values, members) == numpy.isin(values, members)).all()
        assert member(values, members).sum() == size


def _triggers_asked_in_turn(finder, sentence: str) -> tuple:
    text = sentence if finder.lang == "ja" else sentence.lower()
    out = []
    for m in finder._triggers.finditer(text):
        label = next(label for pattern, label in finder._each if pattern.match(text, m.start()))
        if label in finder._plannable and finder._is_prospective(text, m.start(), m.end()):
            label = "planned"
        out.append((m.start(), m.end(), label))
    return tuple(out)


@pytest.mark.parametrize("lang", LANGS)
def test_triggers_asked_by_first_character_are_those_asked_in_turn(lang):
    finder = action_finder(lang)
    found = 0
    for text in _texts(lang):
        for s, e in sentence_spans(text):
            expected = _triggers_asked_in_turn(finder, text[s:e])
            assert finder.read.__wrapped__(finder, text[s:e]) == expected, text[s:e]
            found += len(expected)
    assert found >= 10


def test_normalising_only_the_characters_folded_is_the_translation_table():
    from sources.textnorm import _MAP, _TABLE

    every = "".join(_MAP) + "Japan–Canada ｢２＋２｣ l’accord\u3000日・加"
    assert all(len(v) == 1 for v in _MAP.values())  # one character in, one out
    assert normalize(every) == every.translate(_TABLE) and normalize(every) != every
    for d in load_devset():
        assert normalize(d.text) == d.text.translate(_TABLE), d.id


def test_a_text_split_again_gives_its_own_list_of_the_same_sentences():
    from extractors.segment import sentence_spans_cache_clear

    text = _texts("en")[0]
    sentence_spans_cache_clear()
    first = sentence_spans(text)
    first.append((0, 0))  # a caller may change its list: the cache must not see it
    assert sentence_spans(text) == first[:-1] and len(first) > 2
    assert sentence_spans(text, 5, 60) == [(s + 5, e + 5) for s, e in sentence_spans(text[5:60])]
