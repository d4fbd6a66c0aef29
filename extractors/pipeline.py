"""spaCy blank pipelines (ja, en, fr) whose rule components find mentions.

``roadmap_gazetteer`` (PhraseMatchers on gazetteer names; tokens tagged G for exercise names glued to a number) and
``roadmap_general`` (Matcher on general patterns) propose spans; ``roadmap_mentions`` resolves them
into ``doc.spans["mentions"]`` (label = type, ``id_`` = candidate entity ids joined by "|", or "").
Texts must be normalised (sources.textnorm) before they reach the pipeline. The components live in
extractors.word_classes, extractors.gazetteer_matcher, extractors.general_matcher and
extractors.mention_resolver; this module assembles them and keeps one pipeline per language.
"""
from __future__ import annotations

import threading

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# The components register their factories (and the tokenizer its name) on import.
from extractors import sudachi_tokenizer  # noqa: F401  (registers roadmap.sudachi_fast.v1)
from extractors import gazetteer_matcher, general_matcher, mention_resolver, word_classes  # noqa: F401

# lang -> (pipeline, lock). spaCy's tokenizer cache and vocabulary, our word-class cache and Sudachi
# grow or change on every call and are not safe to share between threads, so each pipeline runs
# under its own lock; building is locked too, so threads starting at once share one pipeline.
_PIPELINES: dict[str, tuple[Language, threading.Lock]] = {}
_BUILD_LOCK = threading.Lock()


def _entry(lang: str) -> tuple[Language, threading.Lock]:
    entry = _PIPELINES.get(lang)
    if entry is None:
        with _BUILD_LOCK:
            entry = _PIPELINES.get(lang)
            if entry is None:
                entry = _PIPELINES[lang] = (_build(lang), threading.Lock())
    return entry


def build_pipeline(lang: str) -> Language:
    """The process-wide blank pipeline for ``lang`` ('ja', 'en' or 'fr') with the rule components,
    built once on first use. Call it through :func:`run_pipeline` when threads may share it."""
    return _entry(lang)[0]


def run_pipeline(lang: str, text: str) -> Doc:
    """Run the pipeline for ``lang`` over normalised ``text``; safe to call from several threads."""
    nlp, lock = _entry(lang)
    with lock:
        doc = nlp.make_doc(text)
        doc.user_data["text"] = text  # what doc.text would rebuild, for components that read the text
        for _, component in nlp.pipeline:
            doc = component(doc)
        return doc


def _build(lang: str) -> Language:
    if lang == "ja":
        nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {"@tokenizers": "roadmap.sudachi_fast.v1"}}})
    else:
        nlp = spacy.blank(lang)
    if lang != "ja":  # Japanese tokens get their classes from the tokenizer
        nlp.add_pipe("roadmap_word_classes", config={"lang": lang})
    nlp.add_pipe("roadmap_gazetteer", config={"lang": lang})
    nlp.add_pipe("roadmap_general", config={"lang": lang})
    nlp.add_pipe("roadmap_mentions", config={"lang": lang})
    return nlp
