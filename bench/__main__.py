"""``python -m bench`` (``make bench``): every quick benchmark at reduced size, one after another. Each
prints the command that runs it alone; their JSON goes to bench/results/quick/, apart from the full-size
figures that bench/RESULTS.md's tables are generated from.

Full sizes and the soak are separate commands (see bench/RESULTS.md):
``python -m bench.bench_backfill``, ``python -m bench.bench_backfill --db postgresql+psycopg://…``,
``python -m bench.soak --minutes 30``.
"""
from __future__ import annotations

import os
import time

from bench import bench_backfill, bench_body_extraction, bench_incremental, bench_ui_queue
from bench.results import results_dir

QUICK = [
    (bench_body_extraction.main, ["--repeat", "3"]),
    (bench_incremental.main, ["--generated", "300"]),
    (bench_backfill.main, ["--sizes", "500,1000"]),
    (bench_ui_queue.main, ["--suggestions", "50000", "--requests", "100"]),
]


def main() -> None:
    os.environ.setdefault("ROADMAP_BENCH_RESULTS_DIR", str(results_dir() / "quick"))
    started = time.monotonic()
    for run, args in QUICK:
        run(args)
        print(flush=True)
    print(f"quick benches done in {time.monotonic() - started:.0f} s; full sizes and the soak: see bench/RESULTS.md")


if __name__ == "__main__":
    main()
