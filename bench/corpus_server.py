"""Serving a generated corpus from a separate process, as a real site would be.

In the benchmark's own process the sample server's threads would compete with the pipeline for the
GIL and count as back-fill cost. ``python -m bench.corpus_server DIR`` serves ``DIR`` on 127.0.0.1,
prints its base URL on one line, and stops when its standard input closes.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager


@contextmanager
def _written_corpus(n: int, **shape):
    """``n`` generated releases written to a temp folder; yields (folder, seconds to write)."""
    from samples.generate import write_corpus

    with tempfile.TemporaryDirectory(prefix="roadmap-gen-") as tmp:
        t0 = time.perf_counter()
        write_corpus(tmp, n, **shape)
        yield tmp, time.perf_counter() - t0


@contextmanager
def served_corpus(n: int, **shape):
    """Write ``n`` generated releases (``shape``: ``write_corpus`` options) to a temp folder and serve them
    from a child process; yields (base URL, seconds to write)."""
    with _written_corpus(n, **shape) as (tmp, written):
        child = subprocess.Popen([sys.executable, "-m", "bench.corpus_server", tmp],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            url = child.stdout.readline().strip()
            if not url.startswith("http://127.0.0.1:"):
                raise RuntimeError(f"the corpus server did not start (said {url!r})")
            yield url, written
        finally:
            child.stdin.close()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


@contextmanager
def served_corpus_in_process(n: int, **shape):
    """The same, served by a SampleSite in this process (whose ``requests`` log the caller reads);
    yields (site, seconds to write)."""
    from samples.server import SampleSite

    with _written_corpus(n, **shape) as (tmp, written), SampleSite(tmp) as site:
        yield site, written


def main() -> None:
    from samples.server import SampleSite

    site = SampleSite(sys.argv[1]).start()
    print(site.url, flush=True)
    sys.stdin.read()  # until the benchmark closes our stdin (or exits)
    site.stop()


if __name__ == "__main__":
    main()
