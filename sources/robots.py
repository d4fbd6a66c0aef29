"""robots.txt, read once per site and obeyed (RFC 9309: 4xx means allowed, 5xx or no answer means not)."""
from __future__ import annotations

import threading
import time
from typing import Callable
from urllib.parse import urlsplit

from protego import Protego

from sources.errors import SourceUnavailable

ROBOTS_TTL = 3600.0
MAX_ROBOTS_BYTES = 512 * 1024
PROBLEM_TTL = 60.0


class DisallowedByRobots(SourceUnavailable):
    """The site's robots.txt forbids this URL to our user agent."""
    kind = "disallowed by robots.txt"


class RobotsCache:
    """robots.txt rules per origin. ``get`` fetches a robots URL and returns (status, body) or raises."""

    def __init__(self, get: Callable[[str], tuple[int, bytes]], user_agent: str, *, ttl: float = ROBOTS_TTL):
        self._get, self._agent, self._ttl = get, user_agent, ttl
        # origin -> (expiry, rules, problem, the Retry-After of the problem)
        self._rules: dict[str, tuple[float, Protego | None, str | None, float | None]] = {}
        self._lock = threading.Lock()

    def check(self, url: str) -> float:
        """Raise DisallowedByRobots / SourceUnavailable if ``url`` may not be fetched; return the crawl delay."""
        rules, problem, retry_after = self._rules_for(url)
        if problem:  # a Retry-After on robots.txt holds for every page of the site
            raise SourceUnavailable(problem, url=url, retry_after=retry_after)
        if rules is None:
            return 0.0
        if not rules.can_fetch(url, self._agent):
            raise DisallowedByRobots("robots.txt disallows this URL", url=url)
        return float(rules.crawl_delay(self._agent) or 0.0)

    def _rules_for(self, url: str) -> tuple[Protego | None, str | None, float | None]:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            cached = self._rules.get(origin)
        if cached and time.monotonic() < cached[0]:
            return cached[1], cached[2], cached[3]
        rules, problem, retry_after = self._load(origin + "/robots.txt")
        ttl = self._ttl if problem is None else PROBLEM_TTL  # an unreadable robots.txt is asked again soon
        with self._lock:
            self._rules[origin] = (time.monotonic() + ttl, rules, problem, retry_after)
        return rules, problem, retry_after

    def _load(self, robots_url: str) -> tuple[Protego | None, str | None, float | None]:
        try:
            status, body = self._get(robots_url)
        except SourceUnavailable as exc:
            return None, f"robots.txt could not be read, so nothing may be fetched: {exc}", exc.retry_after
        if 200 <= status < 300:
            text = body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
            return Protego.parse(text), None, None
        if 400 <= status < 500:
            return None, None, None  # no robots.txt: everything is allowed
        return None, f"robots.txt answered {status}, so nothing may be fetched", None
