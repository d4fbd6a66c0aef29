"""`roadmap match` throughput on full-length releases (2.5–3.5k characters), per language, one core.

Run: ``.venv/bin/python -m bench.bench_match [--docs 300]``. Releases are generated from our own
development-set sample releases (evaluation/data/devset, written by us) and filler sentences, recombined
until each reaches a length drawn between 2,500 and 3,500 characters: the length of the real
releases analysts read, with the mention density of our samples. No real release text is used.
Each release goes through what `roadmap match` does: extraction, then linking (mentions and
passages), with the sentence caches cleared between releases. CPU time of this process is measured (the machine is shared; wall time would measure
the neighbours). Every language's pipeline is loaded, and the first release matched, before timing.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_extract import FILLER  # noqa: E402
from bench.machine import print_header  # noqa: E402
from bench.results import record  # noqa: E402
from config.roadmap_data import load_bundle  # noqa: E402
from config.settings import get_settings  # noqa: E402
from evaluation.extraction import load_devset  # noqa: E402
from extractors.actions import ActionFinder  # noqa: E402
from extractors.countries import CountryFinder  # noqa: E402
from extractors.cues import CueFinder  # noqa: E402
from extractors.extract import extract_mentions  # noqa: E402
from sources.languages import LANGS  # noqa: E402
from extractors.linker import Linker  # noqa: E402
from extractors.segment import sentence_spans, sentence_spans_cache_clear  # noqa: E402
from extractors.similarity import clear_ja_tokens  # noqa: E402
from extractors.types import DocumentInput  # noqa: E402

MIN_CHARS, MAX_CHARS = 2500, 3500
WARM_UP = {"en": "Japan and Canada held talks.", "fr": "Le Japon et le Canada ont tenu des consultations.",
           "ja": "日本とカナダは協議を行った。"}


def releases(lang: str, n: int, seed: int = 11) -> list[DocumentInput]:
    """``n`` generated releases in ``lang``, each 2,500–3,500 characters long, with a title."""
    rng = random.Random(seed)
    sentences = [d.text[s:e] for d in load_devset() if d.lang == lang for s, e in sentence_spans(d.text)]
    sentences += FILLER[lang] * 4
    sep = "" if lang == "ja" else " "
    out = []
    for i in range(n):
        target = rng.randint(MIN_CHARS, MAX_CHARS)
        paragraphs, length = [], 0
        while length < target:
            para = sep.join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
            paragraphs.append(para)
            length += len(para) + 1
        text = "\n".join(paragraphs)[:target]
        out.append(DocumentInput(id=f"{lang}-{i}", title=rng.choice(sentences)[:80], text=text, lang=lang))
    return out


def clear_sentence_caches() -> None:
    """Forget the sentences extraction and linking have read: generated releases reuse a small pool of
    sentences, real ones do not, so caches keyed by sentence must not carry over from one release to
    the next (within a release they are what real text gets too)."""
    clear_ja_tokens()
    CueFinder.read.cache_clear()
    ActionFinder.read.cache_clear()
    CountryFinder.sentence_codes.cache_clear()
    sentence_spans_cache_clear()


def match_rate(docs: list[DocumentInput], linker: Linker) -> tuple[float, float, int]:
    """Releases per CPU second, seconds, and suggested links over ``docs``."""
    for lang in LANGS:  # load every pipeline outside the timing: a release may hold a paragraph in another
        extract_mentions(WARM_UP[lang], lang)
    linker.link(docs[0], extract_mentions(docs[0].text, docs[0].lang))
    suggested = 0
    start = time.process_time()
    for doc in docs:
        clear_sentence_caches()
        links = linker.link(doc, extract_mentions(doc.text, doc.lang))
        suggested += sum(link.suggested for link in links)
    elapsed = time.process_time() - start
    return len(docs) / elapsed, elapsed, suggested


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300, help="releases per language")
    parser.add_argument("--langs", default="en,ja,fr")
    args = parser.parse_args(argv)
    print_header("roadmap match on full-length releases", module="bench.bench_match", argv=argv)
    figures = {}
    linker = Linker(load_bundle().commitment_infos(), threshold=get_settings().link_threshold)
    for lang in args.langs.split(","):
        docs = releases(lang, args.docs)
        mean = sum(len(d.text) for d in docs) / len(docs)
        per_s, seconds, suggested = match_rate(docs, linker)
        print(f"{lang}: {per_s:7.1f} releases/s  ({len(docs)} releases, mean {mean:.0f} chars, "
              f"{seconds:.2f} s CPU, {suggested} suggested links)")
        figures[lang] = {"releases_per_cpu_s": round(per_s, 1), "releases": len(docs), "mean_chars": round(mean),
                         "cpu_s": round(seconds, 2), "suggested_links": suggested}
    record("bench.bench_match", figures, argv=argv)


if __name__ == "__main__":
    main()
