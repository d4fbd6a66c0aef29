"""Freshness benchmark: publication → review queue, per configured source, with its default schedule.

    python -m bench.bench_freshness [--batch-window 60]

Latency = the wait for the source's next scheduled run (a simulated clock: the gaps between the
cron's runs over a week, ``flows.freshness``) + the run (measured: the source's sample
site served here, read from an empty database — all its releases, so an upper bound for one new
release — plus its politeness delay, slept in production between the listing and the article)
+ the process-documents batch window (the event trigger's delay) + processing (measured) + the start
of two flow-run processes on a worker (``--run-startup``: ~18 s each seen in tests/flows/test_fleet_e2e.py on
a loaded 2-core machine).
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench.bench_backfill import fresh_database
from bench.machine import print_header
from bench.results import record

BENCH = "bench.bench_freshness"


def measure_run(engine, name: str) -> tuple[float, float, int]:
    """(ingest seconds, process seconds, releases) for source ``name`` read from its served sample site."""
    from config.settings import Settings
    from pipeline.ingest import ingest_source
    from pipeline.process import process_documents
    from samples.routing import serve_routed
    from samples.server import SITES_DIR, SampleSite
    from sources.http import Fetcher

    with SampleSite(SITES_DIR / name) as site, serve_routed({name: site}):  # the source's real URLs, answered here
        fetcher = Fetcher(Settings(), polite_delay=0.0)
        try:
            t0 = time.perf_counter()
            summary = ingest_source(source_name=name, engine=engine, fetcher=fetcher)
            ingest_s = time.perf_counter() - t0
        finally:
            fetcher.close()
    t0 = time.perf_counter()
    process_documents(document_ids=summary.document_ids, engine=engine)
    return ingest_s, time.perf_counter() - t0, summary.new


def main(argv: list[str] | None = None) -> None:
    from flows.freshness import poll_wait
    from samples.server import SITES_DIR
    from sources.config import FEED_KINDS, load_sources

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch-window", type=float, default=60.0, help="process-documents batch window, seconds")
    parser.add_argument("--run-startup", type=float, default=20.0,
                        help="seconds a worker takes to start a flow-run process (two per release: ingest, process)")
    args = parser.parse_args(argv)
    os.environ["ROADMAP_ALLOW_PRIVATE_URLS"] = "1"
    print_header("freshness: publication → review queue with each source's default schedule", module=BENCH, argv=argv)
    sources = [cfg for cfg in load_sources() if cfg.enabled and (SITES_DIR / cfg.name).is_dir()]
    print(f"{'source':24} {'kind':16} {'schedule':17} {'wait worst/mean':>16} {'run+process':>12} "
          f"{'queue worst/mean':>17}")
    worst_by_kind: dict[str, float] = {}
    per_source: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        engine = fresh_database(f"sqlite:///{Path(tmp) / 'fresh.db'}")
        for cfg in sources:
            wait = poll_wait(cfg.schedule)
            ingest_s, process_s, releases = measure_run(engine, cfg.name)
            run_s = ingest_s + cfg.politeness + process_s + 2 * args.run_startup
            worst, typical = (wait.worst + run_s + args.batch_window, wait.mean + run_s + args.batch_window)
            kind = "feed/API" if cfg.kind in FEED_KINDS else "listing"
            worst_by_kind[kind] = max(worst_by_kind.get(kind, 0.0), worst)
            for figure, value in (("schedule", cfg.schedule), ("run s", round(run_s, 1)),
                                  ("queue worst min", round(worst / 60, 1)), ("queue mean min", round(typical / 60, 1))):
                per_source.setdefault(figure, {})[cfg.name] = value  # a column per figure, a row per source
            print(f"{cfg.name:24} {cfg.kind:16} {cfg.schedule:17} {wait.worst / 60:8.1f}/{wait.mean / 60:4.1f} min "
                  f"{run_s:10.1f} s {worst / 60:9.1f}/{typical / 60:4.1f} min  ({releases} new)")
    for kind, worst in sorted(worst_by_kind.items()):
        print(f"worst publication → queue, {kind}: {worst / 60:.1f} min")
    record(BENCH, {**{f"worst_queue_min_{k.replace('/', '_')}": round(w / 60, 1) for k, w in worst_by_kind.items()},
                   "batch_window_s": args.batch_window, "run_startup_s": args.run_startup,
                   **per_source}, argv=argv)


if __name__ == "__main__":
    main()
