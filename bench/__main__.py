"""``python -m bench`` (``make bench``): every quick benchmark at reduced size, one after another.

Full sizes and the soak are separate commands (see bench/RESULTS.md):
``python -m bench.bench_backfill``, ``python -m bench.bench_backfill --db postgresql+psycopg://…``,
``python -m bench.soak --minutes 30``.
"""
from __future__ import annotations

import time

from bench import bench_backfill, bench_body_extraction, bench_incremental, bench_ui_queue

QUICK = [
    (bench_body_extraction.main, ["--repeat", "3"]),
    (bench_incremental.main, ["--generated", "300"]),
    (bench_backfill.main, ["--sizes", "500,1000"]),
    (bench_ui_queue.main, ["--suggestions", "50000", "--requests", "100"]),
]


def main() -> None:
    started = time.monotonic()
    for run, args in QUICK:
        run(args)
        print(flush=True)
    print(f"quick benches done in {time.monotonic() - started:.0f} s; full sizes and the soak: see bench/RESULTS.md")


if __name__ == "__main__":
    main()
