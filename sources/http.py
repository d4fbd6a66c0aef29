"""The one HTTP client: polite, bounded, safe, conditional, retrying.

``Fetcher.fetch(url)`` returns a FetchResult or raises one of the source errors:
PageGone (404/410), SourceBlocked (403, a bot-challenge page), SourceUnavailable (a timeout, exhausted
retries on 5xx/429/broken connections, robots.txt, the run's deadline), UnsafeURL (the URL or a redirect
points inside our network), ResponseTooLarge (over the size cap).

Each request has a total deadline (``request_deadline``: connecting, waiting and the whole body), so a
server that drips its answer holds a run no longer than that; a timeout is not retried (a slow site
times out once per page, not once per attempt). ``with fetcher.run_deadline(seconds):`` bounds a whole
run: once it has passed, fetches fail at once without a request.

Requests go to the network through the safe transport, unless the demo, a test or a bench installed a
router (``sources.transport_hook``): the URLs it answers (the real sites', served by the samples) skip
the DNS vetting, since they never reach the network; every other URL is checked as in production.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator
from urllib.parse import urljoin, urlsplit

import httpx
from tenacity import Retrying, retry_if_exception, stop_after_attempt

from config.settings import Settings, get_settings
from sources.challenge import challenge_reason
from sources.errors import PageGone, ResponseTooLarge, SourceBlocked, SourceUnavailable, UnsafeURL
from sources.http_status import Transient as _Transient, parse_retry_after, raise_for_status

__all__ = ["FetchResult", "Fetcher", "parse_retry_after"]
from sources.politeness import SHARED_LIMITER, HostRateLimiter
from sources.request_settings import RequestSettings
from sources.robots import MAX_ROBOTS_BYTES, RobotsCache
from sources.safe_transport import make_transport
from sources.transport_hook import Router, current_router
from sources.urlsafety import check_url

REDIRECT_CODES = {301, 302, 303, 307, 308}
MAX_RETRY_WAIT = 60.0  # a longer Retry-After ends the run; the source's next attempt waits instead


@dataclass
class FetchResult:
    url: str
    final_url: str
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


class Fetcher:
    """One httpx client with the project's rules. Thread-safe; close it (or use ``with``) when done.

    ``polite_delay`` overrides every per-host delay (the local demo and tests use 0); ``sleep`` and
    ``max_retry_wait`` are there so tests can observe backoff without waiting.
    """

    def __init__(self, settings: Settings | None = None, *, polite_delay: float | None = None,
                 limiter: HostRateLimiter | None = None, sleep: Callable[[float], None] = time.sleep,
                 max_retry_wait: float = MAX_RETRY_WAIT, backoff: float = 1.0, request_deadline: float | None = None):
        self.settings = settings or get_settings()
        s = self.settings
        # Whole-request bound: a connect and two read timeouts' worth, whatever the server drips meanwhile.
        self.request_deadline = request_deadline or (s.connect_timeout + 2 * s.read_timeout)
        self._run_ends: float | None = None
        self.polite_delay, self.max_retry_wait, self.backoff = polite_delay, max_retry_wait, backoff
        self._limiter = limiter or (SHARED_LIMITER if sleep is time.sleep else HostRateLimiter(sleep=sleep))
        self._sleep = sleep
        self._clients: dict[tuple[bool, Router | None], httpx.Client] = {}  # by http2 and router
        self._clients_lock = threading.Lock()
        self._robots = RobotsCache(self._get_robots, s.effective_user_agent)

    def _new_client(self, *, http2: bool, router: Router | None) -> httpx.Client:
        s = self.settings
        transport = make_transport(allow_private=s.allow_private_urls, http2=http2)
        return httpx.Client(
            transport=router.wrap(transport) if router else transport, follow_redirects=False,
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
            headers={"User-Agent": s.effective_user_agent, "Accept-Encoding": "gzip, deflate"})

    def _client_for(self, http2: bool) -> httpx.Client:
        key = (http2, current_router())  # read per request: a router installed after this Fetcher still applies
        with self._clients_lock:
            if key not in self._clients:
                self._clients[key] = self._new_client(http2=http2, router=key[1])
            return self._clients[key]

    def _check(self, url: str) -> None:
        """check_url under our settings; a URL the installed router answers is not resolved (not the network)."""
        router = current_router()
        check_url(url, allow_private=self.settings.allow_private_urls or (router is not None and router.routes(url)))

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        with self._clients_lock:
            clients = list(self._clients.values())
        for client in clients:
            client.close()

    @contextmanager
    def run_deadline(self, seconds: float | None) -> Iterator[None]:
        """Within the block, fetches after ``seconds`` fail with SourceUnavailable (None: no bound)."""
        previous = self._run_ends
        self._run_ends = None if seconds is None else time.monotonic() + seconds
        try:
            yield
        finally:
            self._run_ends = previous

    def _request_ends(self, url: str) -> float:
        now = time.monotonic()
        if self._run_ends is not None and now >= self._run_ends:
            raise SourceUnavailable("The run's deadline has passed; not asked", url=url)
        ends = now + self.request_deadline
        return ends if self._run_ends is None else min(ends, self._run_ends)

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              delay: float | None = None, request: RequestSettings | None = None) -> FetchResult:
        """GET ``url`` (conditionally when validators are given), following safe redirects.

        ``delay`` is the source's politeness in seconds (default: settings.per_host_delay); ``request``
        its request settings (``headers`` added to ours, ``http2``; see sources.request_settings).
        A 304 comes back as ``not_modified=True`` with an empty body and the validators passed in.
        """
        request = request or {}
        client = self._client_for(bool(request.get("http2")))
        headers = dict(request.get("headers") or {})
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        retrying = Retrying(stop=stop_after_attempt(self.settings.fetch_retries + 1), wait=self._wait,
                            retry=retry_if_exception(self._retryable), sleep=self._sleep, reraise=True)
        try:
            for attempt in retrying:
                with attempt:
                    result = self._follow(url, headers, delay, self._request_ends(url), client)
        except _Transient as exc:
            raise SourceUnavailable(str(exc.args[0]) if exc.args else "unavailable", url=exc.url,
                                    retry_after=exc.retry_after, status=exc.status) from exc
        if result.not_modified:
            result.etag, result.last_modified = result.etag or etag, result.last_modified or last_modified
        return result

    def _retryable(self, exc: BaseException) -> bool:
        return isinstance(exc, _Transient) and (exc.retry_after is None or exc.retry_after <= self.max_retry_wait)

    def _wait(self, state) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            return min(exc.retry_after, self.max_retry_wait)
        return min(self.backoff * 2 ** (state.attempt_number - 1), self.max_retry_wait)

    def _follow(self, url: str, headers: dict, delay: float | None, ends: float, client: httpx.Client) -> FetchResult:
        current = url
        for _ in range(self.settings.max_redirects + 1):
            try:
                self._check(current)
            except UnsafeURL as exc:
                if current == url:
                    raise
                raise UnsafeURL(f"Refused a redirect from {url}: {exc.args[0]}", url=current) from exc
            crawl_delay = self._robots.check(current)
            response_or_target = self._get_once(current, headers, max(self._delay(delay), crawl_delay), ends, client)
            if isinstance(response_or_target, FetchResult):
                response_or_target.url = url
                return response_or_target
            current = response_or_target
        raise SourceUnavailable(f"More than {self.settings.max_redirects} redirects (a redirect loop?)", url=url)

    def _delay(self, delay: float | None) -> float:
        if self.polite_delay is not None:
            return self.polite_delay
        return self.settings.per_host_delay if delay is None else delay

    def _get_once(self, url: str, headers: dict, delay: float, ends: float | None = None,
                  client: httpx.Client | None = None) -> FetchResult | str:
        self._limiter.wait(urlsplit(url).netloc.lower(), delay)
        ends = ends or time.monotonic() + self.request_deadline
        try:
            client = client or self._client_for(False)
            with client.stream("GET", url, headers=headers, timeout=self._timeout(ends, url)) as resp:
                status = resp.status_code
                if status in REDIRECT_CODES and resp.headers.get("location"):
                    return urljoin(url, resp.headers["location"])
                raise_for_status(resp, url)
                body = b"" if status == 304 else self._read_capped(resp, url, self.settings.max_response_bytes, ends)
        except httpx.TimeoutException as exc:  # not retried: a slow site would cost every attempt's wait
            raise SourceUnavailable(f"Timed out ({type(exc).__name__})", url=url) from exc
        except httpx.RemoteProtocolError as exc:
            if "location header" in str(exc):  # httpx refuses some Location spellings itself
                raise SourceUnavailable(f"The site redirected to an invalid URL: {exc}", url=url) from exc
            raise _Transient(f"Connection failed: {exc}", url=url) from exc
        except httpx.TransportError as exc:
            raise _Transient(f"Connection failed: {exc or type(exc).__name__}", url=url) from exc
        h = resp.headers
        reason = challenge_reason(h, body, h.get("content-type")) if status == 200 else None
        if reason:
            raise SourceBlocked(f"The site answered with a bot challenge instead of the page: {reason}",
                                url=url, status=status)
        return FetchResult(url=url, final_url=url, status=status, body=body, headers=dict(h),
                           content_type=h.get("content-type"), etag=h.get("etag"),
                           last_modified=h.get("last-modified"), not_modified=status == 304)

    def _timeout(self, ends: float, url: str) -> httpx.Timeout:
        left = ends - time.monotonic()
        if left <= 0:
            raise SourceUnavailable("The request's deadline passed before it was sent", url=url)
        s = self.settings
        return httpx.Timeout(min(s.read_timeout, left), connect=min(s.connect_timeout, left))

    def _read_capped(self, resp: httpx.Response, url: str, cap: int, ends: float) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise ResponseTooLarge(f"Body of {int(declared):,} bytes is over the {cap:,}-byte cap", url=url)
        chunks, total = [], 0
        for chunk in resp.iter_bytes():
            total += len(chunk)
            if total > cap:
                raise ResponseTooLarge(f"Body is over the {cap:,}-byte cap", url=url)
            if time.monotonic() > ends:  # a server dripping bytes never trips the read timeout
                raise SourceUnavailable(f"Body took longer than the {self.request_deadline:g} s deadline to arrive",
                                        url=url)
            chunks.append(chunk)
        return b"".join(chunks)

    def _get_robots(self, robots_url: str) -> tuple[int, bytes]:
        try:
            self._check(robots_url)
            result = self._get_once(robots_url, {}, self._delay(None))
        except (PageGone, ResponseTooLarge):
            return 404, b""
        except SourceUnavailable as exc:
            if exc.status and 400 <= exc.status < 500 and exc.status != 429:
                return exc.status, b""
            raise
        if isinstance(result, str):  # robots.txt redirected: follow one hop, as crawlers do
            return self._get_robots_hop(result)
        return result.status, result.body[:MAX_ROBOTS_BYTES]

    def _get_robots_hop(self, target: str) -> tuple[int, bytes]:
        self._check(target)
        result = self._get_once(target, {}, self._delay(None))
        return (404, b"") if isinstance(result, str) else (result.status, result.body[:MAX_ROBOTS_BYTES])
