"""Soak (a script, not a test): ``roadmap serve`` with every source on a one-minute schedule against the
local sample server for N minutes; memory, file handles, connections and duplicates sampled throughout.

    python -m bench.soak [--minutes 30] [--every 30]

Every configured source with a bundled sample site is served on 127.0.0.1; a sources file points each
one there (its pages' absolute links to the real sites are rewritten to the local server, so nothing
leaves this machine) with schedule ``* * * * *`` and no politeness delay. ``roadmap init`` then
``roadmap serve`` (which starts its own local Prefect server) run in a fresh ROADMAP_HOME. Every
``--every`` seconds the bench samples the serve process tree (RSS, open files, sockets) and the
database (documents, revisions, runs). Prints the samples and a summary; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.machine import print_header
from bench.results import record
from flows.local_server import free_port
from demo.local_sources import write_sources_file

ROOT = Path(__file__).resolve().parents[1]


def serve_local_sources() -> tuple[dict, dict]:
    """Start a SampleSite per bundled source with real-site links rewritten; returns (sites, config entries)."""
    from demo.local_sources import serve_as_sources

    return serve_as_sources(schedule="* * * * *", politeness=0)


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            children.setdefault(int(fields["PPid"]), []).append(int(fields["Pid"]))
        except (OSError, KeyError, ValueError):
            continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def process_figures(pid: int) -> dict:
    """RSS (MB), open files and sockets summed over the process tree of ``pid``; the tree's size."""
    rss = files = sockets = 0
    pids = tree(pid)
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
            rss += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            links = [os.readlink(f) for f in Path(f"/proc/{p}/fd").iterdir()]
        except (OSError, AttributeError):
            continue
        files += len(links)
        sockets += sum(1 for link in links if link.startswith("socket:"))
    return {"rss_mb": round(rss / 1024), "fds": files, "sockets": sockets, "procs": len(pids)}


def db_figures(url: str) -> dict:
    from sqlmodel import Session, func, select

    from models import db
    from models.tables import Document, DocumentRevision, Evidence, SourceRun

    engine = db.get_engine(url)
    with Session(engine) as s:
        docs = s.exec(select(func.count()).select_from(Document)).one()
        distinct = s.exec(select(func.count(func.distinct(Document.canonical_url)))).one()
        revisions = s.exec(select(func.count()).select_from(DocumentRevision)).one()
        runs = s.exec(select(func.count()).select_from(SourceRun)).one()
        unfinished = s.exec(select(func.count()).select_from(SourceRun).where(SourceRun.finished_at.is_(None))).one()
        errors = s.exec(select(func.count()).select_from(SourceRun).where(SourceRun.error.is_not(None))).one()
        evidence = s.exec(select(func.count()).select_from(Evidence)).one()
    return {"documents": docs, "duplicates": docs - distinct, "revisions": revisions, "runs": runs,
            "unfinished": unfinished, "run_errors": errors, "evidence": evidence}


BENCH = "bench.soak"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--every", type=float, default=30, help="seconds between samples")
    parser.add_argument("--limit", type=int, default=4, help="roadmap serve --limit: flow runs at once")
    parser.add_argument("--log", type=Path, default=Path("soak-serve.log"), help="where to keep serve's output")
    args = parser.parse_args(argv)
    print_header(f"soak: roadmap serve, every source each minute, {args.minutes:g} minutes", module=BENCH, argv=argv)
    sites, entries = serve_local_sources()
    with tempfile.TemporaryDirectory(prefix="roadmap-soak-") as tmp:
        home = Path(tmp)
        sources_file = write_sources_file(home / "sources.yaml", entries)
        db_url = f"sqlite:///{home / 'roadmap.db'}"
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update(ROADMAP_HOME=str(home), ROADMAP_DATABASE_URL=db_url, ROADMAP_SOURCES_FILE=str(sources_file),
                   ROADMAP_ALLOW_PRIVATE_URLS="1", PYTHONUNBUFFERED="1")
        subprocess.run([sys.executable, "-m", "cli.main", "init"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        log = open(args.log, "w")
        serve = subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--batch-window", "30",
                                  "--limit", str(args.limit), "--port", str(free_port())], cwd=ROOT, env=env, stdout=log,
                                 stderr=subprocess.STDOUT, start_new_session=True)
        print(f"{len(entries)} sources on one-minute schedules; serve pid {serve.pid} (--limit {args.limit}, "
              f"log {args.log}); sampling every {args.every:g} s")
        print(f"{'min':>5} {'rss MB':>7} {'fds':>5} {'socks':>5} {'procs':>5} {'docs':>5} {'dups':>4} {'revs':>5} "
              f"{'runs':>5} {'unfin':>5} {'errs':>5} {'evid':>5}")
        samples, started = [], time.monotonic()
        try:
            while time.monotonic() - started < args.minutes * 60 and serve.poll() is None:
                time.sleep(args.every)
                row = {"min": (time.monotonic() - started) / 60, **process_figures(serve.pid), **db_figures(db_url)}
                samples.append(row)
                print(f"{row['min']:5.1f} {row['rss_mb']:7} {row['fds']:5} {row['sockets']:5} {row['procs']:5} "
                      f"{row['documents']:5} {row['duplicates']:4} {row['revisions']:5} {row['runs']:5} "
                      f"{row['unfinished']:5} {row['run_errors']:5} {row['evidence']:5}", flush=True)
        finally:
            os.killpg(serve.pid, signal.SIGINT)
            try:
                serve.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(serve.pid, signal.SIGKILL)
            log.close()
            for site in sites.values():
                site.stop()
        tail = args.log.read_text(errors="replace").splitlines()[-5:]
    requests = sum(len(s.requests) for s in sites.values())
    summarise(samples, requests, tail)
    if samples:
        record(BENCH, {"minutes": round(samples[-1]["min"], 1), "requests": requests, "last": samples[-1],
                       "max_rss_mb": max(s["rss_mb"] for s in samples), "samples": len(samples)}, argv=argv)


def summarise(samples: list[dict], requests: int, log_tail: list[str]) -> None:
    if len(samples) < 3:
        print("too few samples to judge; serve log tail:\n" + "\n".join(log_tail))
        return
    warm = samples[len(samples) // 3]  # after start-up (Prefect server, first runs, spaCy loads)
    last = samples[-1]
    print(f"\nsummary over {last['min']:.1f} min: {last['runs']} source runs ({last['run_errors']} with errors, "
          f"{last['unfinished']} unfinished at the end), {requests} requests to the sample sites")
    print(f"  memory (serve process tree): {warm['rss_mb']} MB at {warm['min']:.0f} min -> {last['rss_mb']} MB at "
          f"{last['min']:.0f} min; max {max(s['rss_mb'] for s in samples)} MB")
    print(f"  open files: {warm['fds']} -> {last['fds']}; sockets: {warm['sockets']} -> {last['sockets']}; "
          f"processes: {warm['procs']} -> {last['procs']}")
    print(f"  documents {last['documents']}, duplicates {last['duplicates']}, revisions {last['revisions']} "
          f"(= documents when nothing was stored twice), evidence rows {last['evidence']}")


if __name__ == "__main__":
    main()
