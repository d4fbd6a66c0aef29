"""Exceptions that steer ingestion. Each carries the URL it is about and a message for users.

Each fetch or parse failure also has a ``kind`` that says what the site did, in the words an
operator acts on: ``blocked`` (403, a bot challenge), ``moved`` (404/410), ``layout changed:
<selector>`` (a selector matches nothing), ``unavailable`` (5xx, 429, timeouts). ``describe``
puts the kind in front of the message; ``split_failure`` reads it back from stored text.
"""
from __future__ import annotations

KIND_SEPARATOR = " — "


class SourceError(Exception):
    """Base class: something is wrong with a source or one of its pages."""
    kind = "failed"

    def __init__(self, message: str, *, url: str | None = None):
        self.url = url
        super().__init__(f"{message} ({url})" if url else message)


class SourceUnavailable(SourceError):
    """The site could not be read now (timeouts, 5xx, 429, refused connection, robots.txt); try again later."""
    kind = "unavailable"

    def __init__(self, message: str, *, url: str | None = None, retry_after: float | None = None,
                 status: int | None = None):
        self.retry_after, self.status = retry_after, status
        super().__init__(message, url=url)


class SourceBlocked(SourceUnavailable):
    """The site refuses us: a 403, or a bot-challenge page instead of the content. Asking again soon won't help."""
    kind = "blocked"


class PageGone(SourceError):
    """The page answered 404/410: a known permanent failure for that URL alone."""
    kind = "moved"


class NotARelease(SourceError):
    """A listed URL serves neither a release page nor a PDF (a spreadsheet, an image, an archive):
    recorded and skipped, not retried."""


class SiteChanged(SourceError):
    """The page no longer has the layout its parser expects; ``selector`` names what matched nothing."""

    def __init__(self, message: str, *, url: str | None = None, selector: str | None = None):
        self.selector = selector
        if selector:
            self.kind = f"layout changed: {selector}"
        super().__init__(message, url=url)


class UnsafeURL(SourceError):
    """The URL (or a redirect) points at loopback, private, link-local or metadata addresses, or is not http(s)."""
    kind = "unsafe URL"


class ResponseTooLarge(SourceError):
    """The body is over the configured size cap."""
    kind = "too large"


class SourceConfigError(SourceError):
    """A source entry in config (or given on the command line) is invalid."""
    kind = "misconfigured"


class SourceDisabled(SourceConfigError):
    """The source is disabled (in the sources file, or its ad hoc registration): no run may read it."""


def describe(exc: SourceError) -> str:
    """``kind — message``: the failure as stored in health records and shown to operators."""
    return f"{exc.kind}{KIND_SEPARATOR}{exc}"


def split_failure(text: str | None) -> tuple[str | None, str | None]:
    """(kind, message) of a text written by ``describe``; (None, text) for any other text."""
    if not text:
        return None, text
    kind, sep, message = text.partition(KIND_SEPARATOR)
    if sep and (kind in _PLAIN_KINDS or kind.startswith("layout changed") or kind == "disallowed by robots.txt"):
        return kind, message
    return None, text


_PLAIN_KINDS = {cls.kind for cls in (SourceError, SourceUnavailable, SourceBlocked, PageGone, UnsafeURL,
                                     ResponseTooLarge, SourceConfigError)}
