"""Body extraction: ours (configured selectors, and the generic extractor) beside trafilatura.

    python -m bench.bench_body_extraction [--repeat 5]

On every bundled sample release page, each extractor's body is scored against hand-checked gold
bodies (``bench/gold_bodies.json``) by bag-of-tokens F1 (words for English/French, characters for
Japanese), and timed. trafilatura comes with the ``bench`` extra (``pip install -e .[bench]``).
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections import Counter
from pathlib import Path

from bench.machine import print_header
from bench.results import record

GOLD = Path(__file__).resolve().parent / "gold_bodies.json"
BENCH = "bench.bench_body_extraction"
_WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text: str, lang: str) -> Counter:
    """Words (lower-cased) for en/fr; for Japanese, every letter or digit character."""
    if lang == "ja":
        return Counter(ch for ch in text if ch.isalnum())
    return Counter(w.lower() for w in _WORD.findall(text))


def f1(predicted: str, gold: str, lang: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the predicted body's tokens against the gold body's."""
    p, g = tokens(predicted or "", lang), tokens(gold, lang)
    overlap = sum((p & g).values())
    if not p or not g or not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def extractors():
    """name -> function(cfg, raw bytes, url) returning body text (or "" on failure); trafilatura's only
    when it is installed (ours are what the bench gates)."""
    from sources.article import parse_html_article
    from sources.encoding import decode
    from sources.errors import SiteChanged
    from sources.parse import parse_article

    def ours_configured(cfg, raw, url):
        try:
            return parse_article(cfg, raw, url=url).body
        except SiteChanged:
            return ""

    def ours_generic(cfg, raw, url):
        try:
            return parse_html_article({}, decode(raw), url=url).body
        except SiteChanged:
            return ""

    ours = {"ours (configured selectors)": ours_configured, "ours (generic, no selectors)": ours_generic}
    try:
        import trafilatura
    except ImportError:
        print("trafilatura is not installed (pip install -e .[bench]): compared with nothing else")
        return ours

    def trafilatura_default(cfg, raw, url):
        return trafilatura.extract(decode(raw), url=url, include_comments=False, include_tables=True) or ""

    return {**ours, "trafilatura 2.3 (extract)": trafilatura_default}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timing repetitions per page")
    args = parser.parse_args(argv)
    print_header("body extraction: ours vs trafilatura on the bundled sample pages", module=BENCH, argv=argv)
    from samples.server import SITES_DIR
    from sources.config import load_sources

    cfgs = {c.name: c for c in load_sources()}
    pages = json.loads(GOLD.read_text(encoding="utf-8"))["pages"]
    rows = []
    for name, extract in extractors().items():
        scores, seconds, by_lang = [], [], {}
        for path, gold in pages.items():
            raw = (SITES_DIR / path).read_bytes()
            url = "https://example.org/" + path
            body = extract(cfgs[gold["source"]], raw, url)
            t0 = time.perf_counter()
            for _ in range(args.repeat):
                extract(cfgs[gold["source"]], raw, url)
            seconds.append((time.perf_counter() - t0) / args.repeat)
            score = f1(body, "\n".join(gold["body"]), gold["lang"])
            scores.append(score)
            by_lang.setdefault(gold["lang"], []).append(score[2])
        rows.append((name, scores, seconds, by_lang))
    print(f"pages: {len(pages)} (gold: {GOLD.name}); timing: mean of {args.repeat} runs per page\n")
    print(f"{'extractor':32} {'P':>5} {'R':>5} {'F1':>5} {'F1 ja':>6} {'F1 en':>6} {'F1 fr':>6} "
          f"{'F1<0.8':>7} {'ms/page':>8} {'pages/s':>8}")
    figures = {"pages": len(pages), "repeat": args.repeat}
    for name, scores, seconds, by_lang in rows:
        mean = [statistics.mean(s[i] for s in scores) for i in range(3)]
        low = sum(1 for s in scores if s[2] < 0.8)
        per_lang = [statistics.mean(by_lang.get(lang, [0])) for lang in ("ja", "en", "fr")]
        ms = 1000 * statistics.mean(seconds)
        print(f"{name:32} {mean[0]:5.2f} {mean[1]:5.2f} {mean[2]:5.2f} {per_lang[0]:6.2f} {per_lang[1]:6.2f} "
              f"{per_lang[2]:6.2f} {low:>7} {ms:8.2f} {1000 / ms:8.0f}")
        figures[name] = {"precision": round(mean[0], 3), "recall": round(mean[1], 3), "f1": round(mean[2], 3),
                         **{f"f1_{lang}": round(v, 3) for lang, v in zip(("ja", "en", "fr"), per_lang)},
                         "pages_f1_below_0.8": low, "ms_per_page": round(ms, 2)}
    record(BENCH, figures, argv=argv)


if __name__ == "__main__":
    main()
