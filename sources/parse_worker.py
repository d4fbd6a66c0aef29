"""What a parse worker process runs: ``parse_article`` on pages handed over by a back-fill.

Kept in ``sources`` so that a worker imports the parsers and nothing else (no database, no Prefect).
"""
from __future__ import annotations

import resource


def parse_in_worker(cfg, body, **kwargs):
    """``sources.parse.parse_article`` (looked up here, whatever name the caller's module binds)."""
    from sources.parse import parse_article

    return parse_article(cfg, body, **kwargs)


def warm_up() -> None:
    """Import the parsers once per worker, before its first page."""
    import sources.parse  # noqa: F401


def own_peak_rss_kb() -> int:
    """This process's peak resident memory in KB.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over an exec, so a spawned worker would report
    the peak of the process it was forked from.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
