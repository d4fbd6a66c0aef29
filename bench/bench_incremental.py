"""Incremental benchmark: a scheduled run over unchanged sources beside a run that re-fetches everything.

    python -m bench.bench_incremental [--generated 3000]

Every configured source with a bundled sample site, plus the generated sites (``--generated N``
releases), is served locally and back-filled once. Then a scheduled run (no ``--since``) reads them
all again: it should cost one conditional request per source (a 304), no article fetches and no
re-extraction. Beside it, a full run re-fetches and re-processes everything into an empty database.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.bench_backfill import fresh_database, register_generated_sources
from bench.corpus_server import served_corpus_in_process
from bench.machine import peak_rss_mb, print_header
from bench.results import record
from samples.routing import serve_routed


def serve_bundled():
    from samples.server import SITES_DIR, SampleSite
    from sources.config import load_sources

    return {cfg.name: SampleSite(SITES_DIR / cfg.name).start() for cfg in load_sources()
            if cfg.enabled and (SITES_DIR / cfg.name).is_dir()}


def ingest_all(engine, targets: dict[str, object], since) -> tuple[float, dict]:
    """Ingest every source once with one fresh fetcher; returns (seconds, name -> summary)."""
    from config.settings import Settings
    from pipeline.ingest import ingest_source
    from sources.http import Fetcher

    fetcher = Fetcher(Settings(allow_private_urls=True), polite_delay=0.0)
    t0 = time.perf_counter()
    out = {name: ingest_source(source_name=name, since=since, engine=engine, fetcher=fetcher) for name in targets}
    seconds = time.perf_counter() - t0
    fetcher.close()
    return seconds, out


def processed(engine) -> tuple[float, int]:
    from pipeline.process import process_documents

    t0 = time.perf_counter()
    summary = process_documents(engine=engine)
    return time.perf_counter() - t0, summary.documents


GEN_PREFIX = {"gen_mofa_ja": "/gen/mofaj/", "gen_gac_en": "/gen/en/", "gen_pmo_fr": "/gen/fr/"}


def requests_by_site(targets) -> dict[str, tuple[int, int]]:
    """name -> (page requests, robots.txt requests) logged since the last clear."""
    out = {}
    for name, site in targets.items():
        prefix = GEN_PREFIX.get(name)
        reqs = [r for r in site.requests if prefix is None or r.path.startswith(prefix) or r.path == "/robots.txt"]
        robots = sum(1 for r in reqs if r.path == "/robots.txt")
        out[name] = (len(reqs) - robots, robots)
    return out


BENCH = "bench.bench_incremental"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--generated", type=int, default=3000, help="generated releases served beside the samples")
    args = parser.parse_args(argv)
    os.environ["ROADMAP_ALLOW_PRIVATE_URLS"] = "1"
    print_header("incremental: scheduled run over unchanged sources vs a full re-fetch", module=BENCH, argv=argv)
    bundled = serve_bundled()
    # The bundled sources keep their real URLs (answered by their sample sites through the transport);
    # the generated ones are registered at the corpus server's own address.
    with served_corpus_in_process(args.generated) as (gen_site, _), tempfile.TemporaryDirectory() as tmp, \
            serve_routed(bundled):
        engine = fresh_database(f"sqlite:///{Path(tmp) / 'inc.db'}")
        gen_names = register_generated_sources(engine, gen_site.url)
        targets = dict(bundled)
        targets.update({name: gen_site for name in gen_names})
        full_s, full = ingest_all(engine, targets, date(2000, 1, 1))
        full_proc_s, full_docs = processed(engine)
        rounds = []
        for _ in range(2):  # the first scheduled run after a back-fill, then the steady state
            for site in targets.values():
                site.requests.clear()
            inc_s, inc = ingest_all(engine, targets, None)
            inc_proc_s, inc_docs = processed(engine)
            rounds.append((inc_s, inc, inc_proc_s, inc_docs, requests_by_site(targets)))
    for site in bundled.values():
        site.stop()
    stored = sum(s.new + s.revised for s in full.values())
    print(f"sources: {len(targets)} ({len(bundled)} bundled sample sites + {len(gen_names)} generated with "
          f"{args.generated} releases); documents stored by the full run: {stored}")
    print(f"full run (empty DB, back-fill): ingest {full_s:.1f} s + process {full_proc_s:.1f} s "
          f"({full_docs} documents extracted and linked)")
    figures = {"sources": len(targets), "stored_by_full_run": stored,
               "full_run": {"ingest_s": round(full_s, 2), "process_s": round(full_proc_s, 2), "documents": full_docs}}
    for label, (inc_s, inc, inc_proc_s, inc_docs, counts) in zip(("first scheduled run after the back-fill",
                                                                  "next scheduled run (steady state)"), rounds):
        fetched = sum(s.fetched for s in inc.values())
        not_modified = [n for n, s in inc.items() if s.listing_not_modified]
        pages = sum(c[0] for c in counts.values())
        print(f"{label}: ingest {inc_s:.2f} s + process {inc_proc_s:.2f} s ({inc_docs} documents re-extracted); "
              f"{pages} page requests for {len(targets)} sources (+{sum(c[1] for c in counts.values())} robots.txt); "
              f"article fetches {fetched}; listings answered 304: {len(not_modified)}/{len(targets)}")
        extra = {n: c[0] for n, c in counts.items() if c[0] != 1}
        print(f"  sources needing more than one request: {extra or 'none'}; "
              f"not 304: {sorted(set(inc) - set(not_modified)) or 'none'}; "
              f"x{(full_s + full_proc_s) / max(inc_s + inc_proc_s, 1e-9):.0f} faster than the full run")
        figures[label] = {"ingest_s": round(inc_s, 2), "process_s": round(inc_proc_s, 2),
                          "documents_re_extracted": inc_docs, "page_requests": pages, "article_fetches": fetched,
                          "listings_not_modified": len(not_modified)}
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    record(BENCH, {**figures, "peak_rss_mb": round(peak_rss_mb())}, argv=argv)


if __name__ == "__main__":
    main()
