"""A Japanese tokenizer for spaCy that calls SudachiPy directly.

spaCy's own Japanese tokenizer builds morphology, readings and sub-tokens for every word (about ten
times the cost of Sudachi itself); we need only surfaces and a coarse part of speech. Long inputs
are cut for Sudachi's size limit at line breaks, so spans stay exact. Sudachi reads a text sentence
by sentence, as linking reads it: each sentence's content words are left for linking
(extractors.similarity.tokens), which then does not run Sudachi over the release a second time.
"""
from __future__ import annotations

import warnings
from contextlib import contextmanager

import numpy
import spacy
from spacy.attrs import TAG
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extractors.segment import byte_pieces, sentence_spans
from extractors.similarity import ja_content_form, ja_content_pos, remember_ja_tokens
from extractors.sudachi_dictionary import sudachi_tokenizer

# Tag for tokens that can be part of a name (nouns, prefixes, suffixes, Latin words, numbers, "・").
NAME_TAG = "N"
_NAME_POS = frozenset({"名詞", "接頭辞", "接尾辞"})
_HIRAGANA = frozenset(chr(c) for c in range(0x3041, 0x30A0))


@contextmanager
def quiet_sudachi_deprecation():
    """Silence the one DeprecationWarning SudachiPy 0.7 raises when spaCy calls ``Dictionary.create()``."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Dictionary\.create\(\) is deprecated",
                                category=DeprecationWarning)
        yield


class SudachiFastTokenizer:
    """Callable spaCy tokenizer: text -> Doc, words from Sudachi, ``tag_`` = ``N`` for name parts."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self._of_pos: dict[int, tuple[str, bool]] = {}  # part-of-speech id -> (tag, a content word)

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        tags: list[str] = []
        tokenizer = sudachi_tokenizer()
        for start, end in byte_pieces(text):
            piece, pos = text[start:end], 0
            for s, e in sentence_spans(piece):
                if s > pos:  # the space or line break between two sentences
                    self._tokenize_piece(tokenizer, piece[pos:s], words, spaces, tags)
                content: list[str] = []
                self._tokenize_piece(tokenizer, piece[s:e], words, spaces, tags, content=content)
                remember_ja_tokens(piece[s:e], tuple(content))
                pos = e
            if pos < len(piece):
                self._tokenize_piece(tokenizer, piece[pos:], words, spaces, tags)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if tags:  # as hashes in one array: Doc(tags=...) looks each string up on its own
            ids = {tag: self.vocab.strings.add(tag) for tag in set(tags)}
            doc.from_array([TAG], numpy.array([ids[t] for t in tags], dtype=numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]  # thinc's Ints2d: numpy's array unknown to its stubs
        return doc

    def _tokenize_piece(self, tokenizer, piece: str, words: list, spaces: list, tags: list,
                        content: list | None = None) -> list | None:
        """Append the words of ``piece``; its content words (linking's tokens) to ``content`` if given."""
        of_pos = self._of_pos
        for m in tokenizer.tokenize(piece):
            pos_id = m.part_of_speech_id()  # one call for both readings: a call costs more than the lookups
            known = of_pos.get(pos_id)
            if known is None:
                known = of_pos[pos_id] = (self._tag(m.part_of_speech()), ja_content_pos(m, pos_id))
            tag, keep = known
            if keep and content is not None:
                word = ja_content_form(m.normalized_form())
                if word is not None:
                    content.append(word)
            surface = m.surface()
            if surface == " " and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True
                continue
            if tag == NAME_TAG and surface[0] in _HIRAGANA:
                tag = "H"  # こと, もの, ため: nouns that never start or carry a name
            elif surface == "・" or surface == "ー" or (surface.isascii() and surface.isalnum()):
                tag = NAME_TAG
            words.append(surface)
            spaces.append(False)
            tags.append(tag)
        return content

    @staticmethod
    def _tag(pos: tuple) -> str:
        if pos[0] in _NAME_POS:
            return NAME_TAG
        return pos[0]

    # spaCy calls these when saving a pipeline; we never save, and there is nothing to store.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "SudachiFastTokenizer":
        return self


@spacy.registry.tokenizers("roadmap.sudachi_fast.v1")
def create_sudachi_fast_tokenizer():
    """Registered so that ``spacy.blank("ja", config=...)`` never builds spaCy's slower wrapper."""
    def make(nlp):
        return SudachiFastTokenizer(nlp.vocab)
    return make
