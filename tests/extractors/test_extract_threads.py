"""Extraction from several threads at once (Prefect's thread task runner), and texts the rule
matchers used to refuse (spaCy E155: a run of words none of which got a word class)."""
import threading

import pytest

from extractors import pipeline, sudachi_tokenizer
from extractors.extract import Extractor, extract_mentions

TEXTS = [
    ("The Royal Canadian Navy and the JMSDF conducted KAEDEX 2018 off Japan.", "en"),
    ("Le Canada et le Japon ont signé l'Accord sur la sécurité de l'information le 1er oct. 2024.", "fr"),
    ("日加共同訓練を実施した。両外相は、日・加物品役務相互提供協定(ACSA)の署名を歓迎しました。" * 20, "ja"),
]


@pytest.mark.parametrize("text,lang", [("thank you.", "en"), (".", "en"), ("merci beaucoup.", "fr"),
                                       ("photos : ministère", "fr")])
def test_text_without_capitalised_or_joining_words(text, lang):
    assert extract_mentions(text, lang) == []


def test_lower_case_paragraph_on_a_japanese_page():
    text = "日加共同訓練を実施した。\nphotos: see the gallery below for more.\n"
    (m,) = extract_mentions(text, "ja")
    assert m.canonical_id == "jp-ca-kaedex"


def _run_in_threads(target, args_list):
    barrier = threading.Barrier(len(args_list))
    results, errors = [None] * len(args_list), []

    def work(i, args):
        barrier.wait()
        try:
            results[i] = target(*args)
        except Exception as exc:  # noqa: BLE001  (collected and asserted below)
            errors.append(repr(exc))

    threads = [threading.Thread(target=work, args=(i, a)) for i, a in enumerate(args_list)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return results, errors


def test_many_threads_extracting_at_once_agree_with_one_thread():
    extractor = Extractor()
    expected = {(t, lang): extractor.extract(t, lang) for t, lang in TEXTS}

    def many(text, lang):
        return [extractor.extract(text, lang) for _ in range(30)]

    results, errors = _run_in_threads(many, TEXTS * 3)
    assert errors == []
    for (text, lang), runs in zip(TEXTS * 3, results):
        assert all(r == expected[(text, lang)] for r in runs)


def test_first_use_racing_builds_each_pipeline_once(monkeypatch):
    # A fresh registry, as in a new worker process whose threads all start extracting at once.
    monkeypatch.setattr(pipeline, "_PIPELINES", {})
    builds = []
    real = pipeline._build

    def counting(lang):
        builds.append(lang)
        return real(lang)

    monkeypatch.setattr(pipeline, "_build", counting)
    results, errors = _run_in_threads(lambda lang: pipeline.build_pipeline(lang), [("en",)] * 6 + [("ja",)] * 6)
    assert errors == []
    assert sorted(builds) == ["en", "ja"]
    assert len({id(r) for r in results[:6]}) == 1 and len({id(r) for r in results[6:]}) == 1


def test_sudachi_tokenizer_is_one_per_thread():
    results, errors = _run_in_threads(sudachi_tokenizer.sudachi_tokenizer, [()] * 4)
    assert errors == [] and len({id(r) for r in results}) == 4
    assert sudachi_tokenizer.sudachi_tokenizer() is sudachi_tokenizer.sudachi_tokenizer()
