"""A per-host rate limit shared by every fetcher in the process, so overlapping runs stay polite."""
from __future__ import annotations

import threading
import time
from typing import Callable


class HostRateLimiter:
    """Spaces requests to one host at least ``delay`` seconds apart, across threads.

    Each caller reserves the next free slot under a lock and sleeps outside it, so two runs
    fetching from the same host interleave instead of doubling the rate.
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self._clock, self._sleep = clock, sleep
        self._next_free: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, delay: float) -> float:
        """Block until ``host`` may be asked again; returns the seconds waited."""
        if delay <= 0:
            return 0.0
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_free.get(host, now))
            self._next_free[host] = slot + delay
        waited = slot - now
        if waited > 0:
            self._sleep(waited)
        return waited


SHARED_LIMITER = HostRateLimiter()
