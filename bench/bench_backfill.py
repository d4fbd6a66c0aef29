"""Back-fill benchmark: N generated releases through fetch → parse → extract → link → store.

    python -m bench.bench_backfill                      # 5k, 10k, 20k on SQLite (one subprocess each)
    python -m bench.bench_backfill --sizes 2000         # a quick one
    python -m bench.bench_backfill --db postgresql+psycopg://roadmap:roadmap@127.0.0.1:5432/roadmap_bench

The generated corpus (``samples.generate``) is served by the local sample server; the three generated
sources are registered and back-filled with the real ``ingest_source``, then ``process_documents``
extracts, links and stores. Each size runs in a fresh process on an emptied database, so its peak
memory (ru_maxrss) is its own. Prints releases/s end to end and per stage; asserts nothing.
Fetch and parse run on a few threads per source, so their stage seconds are summed over threads and
can overlap the others (and exceed the wall time); ``commit`` is the time spent in batch commits.
On PostgreSQL the database's schema is DROPPED and recreated: give it a database of its own.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from bench.corpus_server import served_corpus
from bench.machine import peak_rss_mb, print_header
from bench.results import record

STAGES = ("fetch", "parse", "store", "commit", "extract", "link", "store links")


class StageClock:
    """Wraps module attributes so that the time spent inside them is summed per stage."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self._undo: list = []

    def wrap(self, owner, attr: str, stage: str) -> None:
        original = getattr(owner, attr)

        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - t0

        setattr(owner, attr, timed)
        self._undo.append((owner, attr, original))

    def restore(self) -> None:
        for owner, attr, original in reversed(self._undo):
            setattr(owner, attr, original)


def fresh_database(url: str):
    """An engine on an empty, migrated database with the roadmap loaded."""
    import sqlalchemy as sa

    from config.roadmap_data import load_bundle
    from models import db
    from models.roadmaps import load_roadmap

    engine = db.get_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    db.migrate(engine)
    with db.session_scope(engine) as session:
        load_roadmap(session=session, bundle=load_bundle())
    return engine


def register_generated_sources(engine, base_url: str) -> list[str]:
    """Register the generated sites as ad hoc sources; returns their names."""
    from models import db, sources_repo
    from samples.generate import source_entries

    entries = source_entries(base_url)
    with db.session_scope(engine) as session:
        for name, entry in entries.items():
            sources_repo.upsert_source(session=session, name=name, ministry=entry["ministry"],
                                       country=entry["country"], lang=entry["language"], kind=entry["kind"],
                                       url=entry["url"], enabled=True, origin="adhoc", settings={"config": entry})
    return list(entries)


def instrument() -> StageClock:
    import extractors.extract
    import pipeline.article_fetch
    import pipeline.ingest
    import pipeline.ingest_batch
    import pipeline.process
    from extractors.linker import Linker
    from sources.http import Fetcher

    clock = StageClock()
    clock.wrap(Fetcher, "fetch", "fetch")
    clock.wrap(pipeline.ingest, "parse_listing", "parse")
    clock.wrap(pipeline.article_fetch, "parse_article", "parse")
    clock.wrap(pipeline.article_fetch, "_process_parse", "parse")
    clock.wrap(pipeline.ingest_batch.StoreBatch, "_write", "store")
    clock.wrap(pipeline.ingest_batch.StoreBatch, "commit", "commit")
    clock.wrap(extractors.extract, "extract_mentions", "extract")
    clock.wrap(Linker, "link", "link")
    clock.wrap(pipeline.process, "store_links", "store links")
    clock.wrap(pipeline.process, "store_mentions", "store links")
    return clock


def run_one(n: int, db_url: str, *, page_kb: int = 0, filler: int = 2) -> dict:
    """Back-fill ``n`` generated releases into ``db_url``; returns the figures."""
    import os

    os.environ["ROADMAP_ALLOW_PRIVATE_URLS"] = "1"  # the sample server is on 127.0.0.1
    from sqlmodel import Session, func, select

    from config.settings import Settings
    from models.tables import Document, Evidence, Mention
    from pipeline.article_fetch import parse_worker_peak_rss_mb, shutdown_parse_workers
    from pipeline.ingest import ingest_source
    from pipeline.process import process_documents
    from sources.http import Fetcher

    engine = fresh_database(db_url)
    from extractors.extract import extract_mentions

    extract_mentions("warm-up 日本とカナダ", lang="ja")  # model loading is not back-fill cost
    extract_mentions("warm-up Canada and Japan", lang="en")
    extract_mentions("warm-up Canada et Japon", lang="fr")
    clock = instrument()
    with served_corpus(n, page_kb=page_kb, filler=filler) as (base_url, written):
        names = register_generated_sources(engine, base_url)
        fetcher = Fetcher(Settings(allow_private_urls=True, read_timeout=30), polite_delay=0.0)
        t0 = time.perf_counter()
        summaries = [ingest_source(source_name=name, since=date(2000, 1, 1), engine=engine, fetcher=fetcher)
                     for name in names]
        ingest_s = time.perf_counter() - t0
        fetcher.close()
        t1 = time.perf_counter()
        processed = process_documents(engine=engine)
        process_s = time.perf_counter() - t1
    workers_rss = parse_worker_peak_rss_mb()
    shutdown_parse_workers()
    clock.restore()
    with Session(engine) as s:
        docs = s.exec(select(func.count()).select_from(Document)).one()
        copies = s.exec(select(func.count()).select_from(Document).where(Document.copy_of_id.is_not(None))).one()
        mentions = s.exec(select(func.count()).select_from(Mention)).one()
        evidence = s.exec(select(func.count()).select_from(Evidence)).one()
        body_chars = s.exec(select(func.avg(func.length(Document.body)))).one()
    total = ingest_s + process_s
    return {"n": n, "db": engine.dialect.name, "documents": docs, "copies": copies, "mentions": mentions,
            "evidence": evidence, "failed": sum(s.failed for s in summaries),
            "errors": [s.error for s in summaries if s.error], "processed": processed.documents,
            "corpus_write_s": round(written, 1), "ingest_s": round(ingest_s, 1), "process_s": round(process_s, 1),
            "total_s": round(total, 1), "releases_per_s": round(n / total, 1),
            "stage_s": {k: round(clock.seconds[k], 1) for k in STAGES},
            "stage_per_s": {k: round(n / clock.seconds[k], 1) if clock.seconds[k] else None for k in STAGES},
            "peak_rss_mb": round(peak_rss_mb(), 1), "parse_workers_peak_rss_mb": workers_rss,
            "page_kb": page_kb, "body_chars": round(float(body_chars or 0))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="5000,10000,20000", help="comma-separated corpus sizes")
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--page-kb", type=int, default=0,
                        help="pad each release page with generated navigation to about this size (default: compact ~1.2 KB)")
    parser.add_argument("--filler", type=int, default=2, help="made-up filler sentences per release body (default 2)")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)  # the per-size child
    args = parser.parse_args(argv)
    if args.one:
        print("RESULT " + json.dumps(run_one(args.one, args.db, page_kb=args.page_kb, filler=args.filler)), flush=True)
        return
    print_header("back-fill: generated releases, fetch → parse → extract → link → store", module="bench.bench_backfill",
                 argv=argv)
    results = []
    for n in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory(prefix="roadmap-bench-db-") as tmp:
            url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
            out = subprocess.run([sys.executable, "-m", "bench.bench_backfill", "--one", str(n), "--db", url,
                                  "--page-kb", str(args.page_kb), "--filler", str(args.filler)],
                                 capture_output=True, text=True)
        line = next((row for row in out.stdout.splitlines() if row.startswith("RESULT ")), None)
        if line is None:
            print(f"size {n}: failed\n{out.stderr[-3000:]}")
            continue
        r = json.loads(line[len("RESULT "):])
        results.append(r)
        print(f"\n{n} releases on {r['db']}: {r['releases_per_s']} releases/s end to end "
              f"({r['total_s']} s: ingest {r['ingest_s']} s, process {r['process_s']} s); peak RSS {r['peak_rss_mb']} MB"
              f" (parse workers: {', '.join(map(str, r['parse_workers_peak_rss_mb'])) or 'none'} MB)")
        print(f"  pages {'~' + str(r['page_kb']) + ' KB' if r['page_kb'] else 'compact (~1.2 KB)'}, "
              f"release bodies {r['body_chars']} characters on average")
        print(f"  stored {r['documents']} documents ({r['copies']} as copies), {r['mentions']} mentions, "
              f"{r['evidence']} evidence rows; failed {r['failed']}; errors {r['errors'] or 'none'}")
        print("  per stage (releases/s, seconds): " + ", ".join(
            f"{k} {r['stage_per_s'][k]}/s ({r['stage_s'][k]} s)" for k in STAGES))
    record("bench.bench_backfill", {"runs": {f"{r['n']} releases": r for r in results}}, argv=argv)
    if len(results) > 1:
        base = results[0]
        print("\nlinearity (seconds per 1,000 releases; flat = linear):")
        for r in results:
            print(f"  {r['n']:>6}: {1000 * r['total_s'] / r['n']:.2f} s/1k "
                  f"(x{(r['total_s'] / r['n']) / (base['total_s'] / base['n']):.2f} of the smallest)")


if __name__ == "__main__":
    main()
