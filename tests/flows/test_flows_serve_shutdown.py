"""``roadmap serve`` with its own local Prefect server stops cleanly on SIGTERM to its group (within a generous
deadline: a hang fails, a slow machine does not)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.waiting import wait_until

pytestmark = pytest.mark.slow


def _deployments(api: str) -> int:
    try:
        response = httpx.post(f"{api}/deployments/filter", json={}, timeout=5)
        return len(response.json()) if response.status_code == 200 else 0
    except httpx.HTTPError:
        return 0


def test_sigterm_to_the_group_stops_serve_and_its_server_within_seconds_without_tracebacks(tmp_path):
    from flows.local_server import free_port

    (tmp_path / "sources.yaml").write_text("sources: {}\n", encoding="utf-8")  # nothing scheduled reaches out
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ROADMAP_"))}
    env.update(ROADMAP_HOME=str(tmp_path / "home"), PREFECT_HOME=str(tmp_path / "prefect-client"),
               ROADMAP_SOURCES_FILE=str(tmp_path / "sources.yaml"),
               ROADMAP_DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--port", str(port)], env=env,
                                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=Path(__file__).resolve().parents[2], start_new_session=True)
    try:
        wait_until(lambda: _deployments(api) >= 5, timeout=150, what="a healthy server with all deployments",
                   interval=0.5, proc=proc, log=log)
        wait_until(lambda: "being served" in log.read_text(errors="replace"), timeout=60, what="the runner serving",
                   interval=0.5, proc=proc, log=log)
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)  # a deadline for a hang, not a measure of speed
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    output = log.read_text(errors="replace")
    assert "Traceback" not in output, output[-3000:]
    # The runner may be stopped before its first poll; either way it must not outlive its server.
    assert "stopping the local Prefect server" in output
    assert "roadmap serve stopped" in output
    with pytest.raises(httpx.HTTPError):  # the local server went with it
        httpx.get(f"{api}/health", timeout=2)
