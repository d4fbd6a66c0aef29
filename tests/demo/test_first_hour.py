"""A new user's first hour, scripted: the demo into a fresh home, then the next steps it prints, pasted
into a new shell (no ROADMAP_* variables, no PYTHONPATH), then a review decision and the demo again: the
decision must survive (moved aside, and said where) and no step may fail."""
from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PREFECT_ENV = {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
               "DO_NOT_TRACK": "1"}

pytestmark = pytest.mark.slow


def fresh_env(**extra: str) -> dict[str, str]:
    """A new shell's environment: the caller's, without any ROADMAP_* setting or PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROADMAP_") and k != "PYTHONPATH"}
    return {**env, **PREFECT_ENV, **extra}


def demo(home: Path) -> str:
    proc = subprocess.run([sys.executable, "-m", "cli.main", "demo"], cwd=ROOT, env=fresh_env(ROADMAP_HOME=str(home)),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    return proc.stdout


def printed_steps(out: str) -> list[str]:
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Next, in a new shell"))
    steps = []
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        steps.append(line.strip())
    return steps


def reviews(home: Path) -> int:
    with sqlite3.connect(home / "roadmap.db") as conn:
        return conn.execute("SELECT count(*) FROM reviewaction").fetchone()[0]


def stored_urls(home: Path) -> list[str]:
    """Every source, fetch and document URL the demo stored."""
    with sqlite3.connect(home / "roadmap.db") as conn:
        return [row[0] for query in ("SELECT url FROM source", "SELECT url FROM fetchrecord",
                                     "SELECT canonical_url FROM document") for row in conn.execute(query)]


def test_demo_then_the_printed_next_steps_then_the_demo_again(tmp_path):
    home = tmp_path / "home"
    out = demo(home)
    urls = stored_urls(home)  # the sample server is reached through the transport: real URLs are stored
    assert urls and all(u.startswith("https://") and "127.0.0.1" not in u for u in urls), urls[:5]
    steps = printed_steps(out)
    assert steps[0] == f"cd {ROOT}" and f"export ROADMAP_HOME={home.resolve()}" in steps
    assert any(s.endswith(" ui") for s in steps)
    awaiting = re.search(r"(\d+) suggestions \((\d+) review items", out)
    assert awaiting and int(awaiting.group(1)) > 0

    # Every printed step but the UI (a server), pasted into a new shell: each must succeed.
    script = "\n".join(["set -e", *(s for s in steps if not s.endswith(" ui"))])
    shell = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=fresh_env(), capture_output=True, text=True,
                           timeout=300)
    assert shell.returncode == 0, shell.stderr[-3000:]
    assert "awaiting review" in shell.stdout or "suggested" in shell.stdout
    assert (home / "report.md").read_text(encoding="utf-8").strip()

    # An analyst decides one item, through the same commands.
    run = next(s for s in steps if s.endswith(" review list")).removesuffix(" review list")
    decide = "\n".join(["set -e", *(s for s in steps if s.startswith(("cd ", "export "))),
                        f"id=$({run} review list --format json --limit 1 | python3 -c "
                        "'import json,sys; print(json.load(sys.stdin)[\"items\"][0][\"evidence_id\"])')",
                        f"{run} review accept $id --user analyst"])
    shell = subprocess.run(["bash", "-c", decide], cwd=tmp_path, env=fresh_env(), capture_output=True, text=True,
                           timeout=300)
    assert shell.returncode == 0, shell.stderr[-3000:]
    assert reviews(home) >= 1

    again = demo(home)
    moved = re.search(r"was moved to (\S+) ", " ".join(again.split()))
    assert moved, again[-2000:]
    previous = Path(moved.group(1))
    assert previous.parent == home.parent and reviews(previous) >= 1
    assert reviews(home) == 0  # the new demo starts afresh, beside the old one
