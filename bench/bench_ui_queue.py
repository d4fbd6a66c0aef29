"""Review UI under load: 50,000 suggestions in the database, the queue's first page timed against the
running server (``roadmap ui``), p50/p95/max over many requests.

    python -m bench.bench_ui_queue [--suggestions 50000] [--requests 200] [--db URL] [--event-share 0.6]

The rows are generated (made-up titles and bodies, marked as samples) and bulk-inserted; by default 60% of
the documents are one of three reports of the same event (linked to the same commitments), so the queue
folds their copies into one item as it does for real releases (``--event-share 0`` for none). The server
is a real ``roadmap ui`` subprocess on 127.0.0.1; an analyst signs in and the bench asks for
``/review`` (and a filtered ``/review?lang=en``) over keep-alive HTTP. Target: first page < 200 ms p95.
On PostgreSQL the given database's schema is DROPPED and recreated.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from bench.bench_backfill import fresh_database
from bench.machine import print_header
from bench.results import record
from flows.local_server import free_port

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "lantern orchard quietly ninety"  # made up; passes the password policy (models/passwords.py)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def seed(engine, suggestions: int, *, analyze: bool = True, event_share: float = 0.6) -> float:
    """Insert sources, documents (one per two suggestions) and ``suggestions`` evidence rows; seconds taken.

    Documents come in threes (one per source); a share ``event_share`` of the threes (chosen at random,
    seeded) report one event and link the same two commitments, so the queue shows them as one item each.
    """
    from sqlmodel import Session, select

    from models.tables import Commitment, Document, Evidence, Source
    from models.users import add_user

    t0 = time.perf_counter()
    rng = random.Random(0)
    with Session(engine) as s:
        cids = [c.id for c in s.exec(select(Commitment).where(Commitment.removed_in_version.is_(None)))]
        sources = []
        for name, country, lang in [("bench_ja", "JP", "ja"), ("bench_en", "CA", "en"), ("bench_fr", "CA", "fr")]:
            src = Source(name=name, country=country, lang=lang, kind="rss", url=f"http://127.0.0.1:9/{name}")
            s.add(src)
            s.flush()
            sources.append((src.id, lang))
        add_user(session=s, username="bench", password=PASSWORD, role="analyst")
        s.commit()
        docs = suggestions // 2
        doc_rows = [{"canonical_url": f"http://127.0.0.1:9/bench/{i}", "source_id": sources[i % 3][0],
                     "lang": sources[i % 3][1], "title": f"Generated sample release {i} (not real)",
                     "body": f"Generated sample text {i}: Japan and Canada held a dialogue. " * 8,
                     "content_hash": f"bench{i}", "revision": 1, "processed_revision": 1,
                     "published": date(2026, 11, 30) - timedelta(days=i % 2000)} for i in range(docs)]
        for chunk in range(0, docs, 5000):
            s.execute(Document.__table__.insert(), doc_rows[chunk:chunk + 5000])
        s.commit()
        first = s.exec(select(Document.id).order_by(Document.id)).first()
        events = _seed_events(s, docs, event_share)
        ev_rows = []
        for i in range(suggestions):
            doc_id, group = first + i // 2, i // 6
            event_id = events.get(group)
            cid = cids[(group * 7 + i % 2) % len(cids)] if event_id else cids[(i * 7 + i // 2) % len(cids)]
            ev_rows.append({"document_id": doc_id, "commitment_id": cid, "event_id": event_id,
                            "score": round(rng.uniform(0.5, 1.0), 3), "rationale": "generated sample rationale",
                            "mention_spans": [[0, 8]], "status": "suggested", "origin": "linker"})
        for chunk in range(0, suggestions, 5000):
            s.execute(Evidence.__table__.insert(), ev_rows[chunk:chunk + 5000])
        s.commit()
    if analyze:  # what autovacuum does within a minute of a bulk load; without it the planner guesses
        import sqlalchemy as sa

        with engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))
    return time.perf_counter() - t0


def _seed_events(s, docs: int, share: float) -> dict[int, int]:
    """One event per chosen group of three documents; {group: event id}."""
    from sqlmodel import select

    from models.tables import Event

    pick = random.Random(1)
    groups = [g for g in range(docs // 3) if pick.random() < share]
    if groups:
        s.execute(Event.__table__.insert(), [{"key": f"bench-{g}", "canonical_id": "bench", "action": "held",
                                              "countries": ["JP", "CA"], "confirmed_by_both": True} for g in groups])
        s.commit()
    return {int(key.removeprefix("bench-")): eid for eid, key in s.exec(select(Event.id, Event.key))}


def start_ui(db_url: str, home: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, ROADMAP_DATABASE_URL=db_url, ROADMAP_HOME=str(home))
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "ui", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/login", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the UI server did not start")


def timed_gets(client: httpx.Client, path: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        r = client.get(path)
        out.append(1000 * (time.perf_counter() - t0))
        if r.status_code != 200:
            raise RuntimeError(f"{path} answered {r.status_code}")
    return out


def percentiles(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {"p50_ms": round(statistics.median(ms), 1), "p95_ms": round(ms[max(0, int(round(0.95 * len(ms))) - 1)], 1),
            "max_ms": round(ms[-1], 1), "n": len(ms)}


def describe(figures: dict) -> str:
    return (f"p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms, max {figures['max_ms']:.0f} ms "
            f"(n={figures['n']})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suggestions", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--no-analyze", action="store_true", help="skip ANALYZE after the bulk load")
    parser.add_argument("--event-share", type=float, default=0.6,
                        help="share of the documents' threes that report one event (0: no events)")
    args = parser.parse_args(argv)
    print_header("review UI: the queue's first page with many suggestions, against the running server",
                 module="bench.bench_ui_queue", argv=argv)
    with tempfile.TemporaryDirectory(prefix="roadmap-ui-bench-") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'ui.db'}"
        engine = fresh_database(url)
        seconds = seed(engine, args.suggestions, analyze=not args.no_analyze, event_share=args.event_share)
        print(f"seeded {args.suggestions} suggestions ({args.event_share:.0%} of documents in threes reporting one"
              f" event) on {engine.dialect.name} in {seconds:.1f} s"
              f"{'' if args.no_analyze else ', then ANALYZE'}")
        proc, base = start_ui(url, Path(tmp))
        try:
            with httpx.Client(base_url=base, follow_redirects=False, timeout=60) as client:
                token = CSRF.search(client.get("/login").text).group(1)
                r = client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
                assert r.status_code == 303, r.text[:500]
                timed_gets(client, "/review", 5)  # warm-up: first queries, template compilation
                pages = {"/review": percentiles(timed_gets(client, "/review", args.requests)),
                         "/review?lang=en": percentiles(timed_gets(client, "/review?lang=en", args.requests // 2)),
                         "/": percentiles(timed_gets(client, "/", max(10, args.requests // 10)))}
                for path, figures in pages.items():
                    print(f"{path + ':':26} {describe(figures)}")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    record("bench.bench_ui_queue", {"database": engine.dialect.name, "suggestions": args.suggestions,
                                    "seed_s": round(seconds, 1), "pages": pages}, argv=argv)


if __name__ == "__main__":
    main()
