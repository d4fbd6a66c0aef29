"""A local ``prefect server`` for one machine: its SQLite database under ``ROADMAP_HOME/prefect``.

``roadmap serve`` uses it when no ``PREFECT_API_URL`` is set; the end-to-end test uses it too.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

QUIET_ENV = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


class LocalServerError(RuntimeError):
    """The local Prefect server did not start or did not become healthy in time."""


def quiet_prefect_env() -> None:
    """Offline, no analytics, a patient ephemeral startup: set before Prefect is imported (unless set)."""
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now (the one helper: servers here, the benches)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(prefect_home: Path, *, base: dict | None = None) -> dict[str, str]:
    """Environment for a Prefect server (and its clients) keeping all its state in ``prefect_home``."""
    env = dict(os.environ if base is None else base)
    env.update(QUIET_ENV)
    env["PREFECT_HOME"] = str(prefect_home)
    env["PREFECT_API_DATABASE_CONNECTION_URL"] = f"sqlite+aiosqlite:///{prefect_home / 'prefect.db'}"
    env.pop("PREFECT_API_URL", None)
    return env


@dataclass
class LocalServer:
    url: str  # the API URL, ending in /api
    process: subprocess.Popen
    log_path: Path

    def stop(self, timeout: float = 20) -> None:
        """Terminate the server (its whole process group: it runs in a session of its own) and wait for it."""
        if self.process.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.process.wait(timeout=timeout)

    def _signal(self, signum: int) -> None:
        try:
            os.killpg(self.process.pid, signum)  # the server leads its own group (start_new_session)
        except (ProcessLookupError, PermissionError):
            self.process.send_signal(signum)


def start_local_server(prefect_home: Path, *, port: int | None = None, timeout: float = 120) -> LocalServer:
    """Start ``prefect server start`` on 127.0.0.1 and wait until ``/api/health`` answers.

    Raises LocalServerError (with the server log's tail) if it exits or is not healthy within ``timeout``.
    """
    prefect_home.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log_path = prefect_home / "server.log"
    log = open(log_path, "ab")
    cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    # A session of its own: a signal to the caller's process group (Ctrl-C, `kill -- -PGID`, systemd)
    # reaches the caller only, which still needs the API while it shuts down, then stops the server.
    proc = subprocess.Popen(cmd, env=server_env(prefect_home), stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    log.close()
    server = LocalServer(url=f"http://127.0.0.1:{port}/api", process=proc, log_path=log_path)
    try:
        wait_healthy(server.url, timeout=timeout, process=proc)
    except LocalServerError as exc:
        server.stop()
        tail = log_path.read_text(errors="replace")[-1500:]
        raise LocalServerError(f"{exc}\n--- {log_path} (tail) ---\n{tail}") from None
    return server


def wait_healthy(api_url: str, *, timeout: float, process: subprocess.Popen | None = None) -> None:
    """Poll ``{api_url}/health`` until it answers 200, the process exits, or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    delay = 0.2
    while True:
        if process is not None and process.poll() is not None:
            raise LocalServerError(f"the Prefect server exited with code {process.returncode}")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise LocalServerError(f"the Prefect server at {api_url} was not healthy after {timeout:.0f}s")
        time.sleep(delay)  # polling a condition with a deadline
        delay = min(delay * 1.5, 2.0)
