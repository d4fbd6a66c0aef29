"""Extraction throughput per language against the raw tokenizer on the same text, and peak memory.

Run: ``.venv/bin/python -m bench.bench_extract [--docs 3000]``. The corpus is generated from the
development set's sample releases (sentences shuffled and recombined with varied names, dates and
filler), so it has the length and mention density of real releases. One process, one core.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import print_header  # noqa: E402
from bench.results import record  # noqa: E402
from evaluation.extraction import load_devset  # noqa: E402
from extractors.extract import get_extractor  # noqa: E402
from extractors.segment import sentence_spans  # noqa: E402

BENCH = "bench.bench_extract"
FILLER = {
    "ja": ["両国は、インド太平洋地域の平和と安定に向けて緊密に連携していくことを確認しました。",
           "また、双方は地域情勢について意見交換を行い、引き続き意思疎通を図ることで一致しました。",
           "本件は、令和7年10月1日付の報道発表の続報です。"],
    "en": ["The two sides exchanged views on the regional situation and reaffirmed close coordination.",
           "Officials also discussed trade, investment and people-to-people ties between the two countries.",
           "For more information, please contact the media relations office."],
    "fr": ["Les deux parties ont échangé leurs points de vue sur la situation régionale.",
           "Les représentants ont également discuté du commerce et de l'investissement.",
           "Pour plus de renseignements, veuillez communiquer avec les relations avec les médias."],
}


def corpus(lang: str, n: int, seed: int = 7) -> list[str]:
    """``n`` generated releases in ``lang`` of 12–30 sentences each."""
    rng = random.Random(seed)
    sentences = [d.text[s:e] for d in load_devset() if d.lang == lang for s, e in sentence_spans(d.text)]
    sentences += FILLER[lang] * 4
    sep = "\n" if lang == "ja" else " "
    docs = []
    for _ in range(n):
        k = rng.randint(12, 30)
        body = [rng.choice(sentences) for _ in range(k)]
        docs.append(body[0] + "\n" + sep.join(body[1:]) + "\n")
    return docs


def rate(fn, docs: list[str]) -> tuple[float, float]:
    # CPU time of this process: the machine is shared, wall time would measure the neighbours.
    start = time.process_time()
    for text in docs:
        fn(text)
    elapsed = time.process_time() - start
    return len(docs) / elapsed, elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000, help="releases per language")
    args = parser.parse_args(argv)
    print_header("extraction throughput on generated releases", module=BENCH, argv=argv)
    extractor = get_extractor()
    figures: dict = {}
    print(f"{'lang':4} {'docs':>5} {'avg chars':>9} {'raw tok/s':>10} {'extract/s':>10} {'mentions':>8}  ratio")
    for lang in ("en", "fr", "ja"):
        docs = corpus(lang, args.docs)
        avg = sum(map(len, docs)) / len(docs)
        raw = raw_tokenizer(lang)
        raw(docs[0])
        extractor.extract(docs[0], lang)
        raw_rate, _ = rate(raw, docs)
        found = 0

        def run(text, lang=lang):
            nonlocal found
            found += len(extractor.extract(text, lang))
        ext_rate, _ = rate(run, docs)
        print(f"{lang:4} {len(docs):5d} {avg:9.0f} {raw_rate:10.0f} {ext_rate:10.0f} {found:8d}  "
              f"{ext_rate / raw_rate:.2f} of raw")
        figures[lang] = {"docs": len(docs), "mean_chars": round(avg), "raw_tokens_docs_per_s": round(raw_rate, 1),
                         "extract_docs_per_s": round(ext_rate, 1), "mentions": found}
        if lang == "ja":
            wrapper = spacy_ja_wrapper()
            sample = docs[: max(100, len(docs) // 10)]
            wrap_rate, _ = rate(wrapper, sample)
            print(f"     spaCy's own Japanese tokenizer (sudachi wrapper), {len(sample)} docs: {wrap_rate:.0f} docs/s")
            figures[lang]["spacy_ja_tokenizer_docs_per_s"] = round(wrap_rate, 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB")
    record(BENCH, {**figures, "peak_rss_mb": round(peak)}, argv=argv)


def raw_tokenizer(lang: str):
    """The ceiling: Sudachi alone for Japanese, spaCy's rule tokenizer for English and French."""
    if lang == "ja":
        from extractors.sudachi_tokenizer import sudachi_tokenizer
        from extractors.segment import byte_pieces
        tok = sudachi_tokenizer()

        def run(text):
            for s, e in byte_pieces(text):
                for m in tok.tokenize(text[s:e]):
                    m.surface()
        return run
    import spacy
    return spacy.blank(lang).tokenizer


def spacy_ja_wrapper():
    import spacy

    from extractors.sudachi_tokenizer import quiet_sudachi_deprecation
    with quiet_sudachi_deprecation():
        return spacy.blank("ja").tokenizer


if __name__ == "__main__":
    main()
