"""The database goes away in the middle of a run: the run fails with one clear line (no traceback),
and the next run, with the database back, stores everything exactly once.

The outage is real on PostgreSQL (the run connects through a TCP relay that is cut mid-run); on
both databases it is also simulated by making every statement fail from a given moment, which
is how a dropped connection or a locked, vanished or full database reaches our code.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from models.tables import Document, DocumentRevision, Source
from tests.support.cli_runs import ROOT, SOURCE, child_env, count, roadmap_run
from tests.support.waiting import wait_until

pytestmark = pytest.mark.slow
# The child runs `roadmap run` with every SQL statement failing once the held page has been asked for.
FLAKY_CLI = """
import sys, httpx, sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from models import db
gone = {"yes": False}
held = sys.argv[1]
real_send = httpx.Client.send
def send(self, request, **kw):
    if request.url.path == held:
        gone["yes"] = True
    return real_send(self, request, **kw)
httpx.Client.send = send
def fail(conn, cursor, statement, params, context, executemany):
    if gone["yes"]:
        raise OperationalError(statement, params, ConnectionRefusedError("connection refused (test outage)"))
sa.event.listen(db.get_engine(), "before_cursor_execute", fail)
sys.argv = ["roadmap"] + sys.argv[2:]
from cli.main import main
main()
"""


def run_args(since: str = "2000-01-01") -> list[str]:
    return ["run", "--source", SOURCE, "--since", since]


def assert_one_clear_line(out: str, returncode: int) -> None:
    assert returncode == 2, out[-3000:]
    assert "Traceback" not in out, out[-3000:]
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "database" in errors[0].lower(), out[-3000:]


def assert_recovered(engine, releases) -> None:
    again = roadmap_run(engine)
    out, _ = again.communicate(timeout=300)
    assert again.returncode == 0, out.decode()[-2000:]
    with Session(engine) as s:
        urls = s.exec(select(Document.canonical_url)).all()
        src = s.exec(select(Source).where(Source.name == SOURCE)).one()
    assert sorted("/" + u.split("/", 3)[3] for u in urls) == sorted(r.path for r in releases)
    assert count(engine, DocumentRevision) == len(releases)
    assert src.healthy


def flaky_run(engine, releases) -> subprocess.CompletedProcess:
    held = releases[len(releases) // 2].path
    return subprocess.run([sys.executable, "-c", FLAKY_CLI, held, *run_args()], cwd=ROOT, env=child_env(engine),
                          capture_output=True, text=True, timeout=300)


def test_statements_failing_mid_run_then_the_next_run_recovers(engine, corpus):
    site, releases = corpus
    proc = flaky_run(engine, releases)
    assert proc.returncode != 0  # the run says it failed
    assert 0 < count(engine, Document) < len(releases)
    assert_recovered(engine, releases)


def test_statements_failing_mid_run_give_one_clear_line(engine, corpus):
    site, releases = corpus
    proc = flaky_run(engine, releases)
    assert_one_clear_line(proc.stdout + proc.stderr, proc.returncode)


class Relay:
    """A TCP relay to the database that can be cut: then every connection through it drops."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.conns: list[socket.socket] = []
        self.cut_event = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.cut_event.is_set():
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        self.cut_event.set()
        self.server.close()
        for c in self.conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()


@pytest.mark.parametrize("check_message", [False, True])
def test_postgresql_connection_cut_mid_run(engine, corpus, check_message):
    if engine.dialect.name != "postgresql":
        pytest.skip("a real network outage needs a database server (PostgreSQL)")
    site, releases = corpus
    held = releases[len(releases) // 2].path
    site.set_fault(held, "slow", delay=5)
    url = make_url(engine.url.render_as_string(hide_password=False))
    relay = Relay(url.host or "127.0.0.1", url.port or 5432)
    env = child_env(engine)
    env["ROADMAP_DATABASE_URL"] = url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", *run_args()], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: site.requests_for(held), timeout=120, what="the held page", proc=proc, interval=0.05)
        relay.cut()
        out, _ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0
    if check_message:
        assert_one_clear_line(out.decode(), proc.returncode)
    site.clear_faults()
    assert_recovered(engine, releases)
