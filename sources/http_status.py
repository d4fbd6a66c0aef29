"""What an HTTP status (and a challenge header) means for a fetch: which source error, and whether to retry."""
from __future__ import annotations

import email.utils
import time

import httpx

from sources.challenge import challenge_reason
from sources.errors import PageGone, SourceBlocked, SourceUnavailable


class Transient(SourceUnavailable):
    """A failure worth retrying within the fetch (5xx, 429, broken connections)."""


def raise_for_status(resp: httpx.Response, url: str) -> None:
    """Raise PageGone (404/410), SourceBlocked (403, a challenge), Transient (429, 5xx) or SourceUnavailable."""
    status = resp.status_code
    if status < 400 or status == 304:
        return
    if status in (404, 410):
        raise PageGone(f"The page answered {status}", url=url)
    reason = challenge_reason(resp.headers, b"", None)
    if status == 403 or reason:
        raise SourceBlocked(f"The site answered {status}" + (f" with a bot challenge ({reason})" if reason else ""),
                            url=url, status=status)
    if status == 429 or status >= 500:
        raise Transient(f"The site answered {status}", url=url, status=status,
                        retry_after=parse_retry_after(resp.headers.get("retry-after")))
    raise SourceUnavailable(f"The site answered {status}", url=url, status=status)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
