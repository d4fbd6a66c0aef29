"""Exceptions that steer ingestion. Each carries the URL it is about and a message for users."""
from __future__ import annotations


class SourceError(Exception):
    """Base class: something is wrong with a source or one of its pages."""

    def __init__(self, message: str, *, url: str | None = None):
        self.url = url
        super().__init__(f"{message} ({url})" if url else message)


class SourceUnavailable(SourceError):
    """The site could not be read now (timeouts, 5xx, 429, 403, refused connection); try again later."""

    def __init__(self, message: str, *, url: str | None = None, retry_after: float | None = None,
                 status: int | None = None):
        self.retry_after, self.status = retry_after, status
        super().__init__(message, url=url)


class PageGone(SourceError):
    """The page answered 404/410: a known permanent failure for that URL alone."""


class NotARelease(SourceError):
    """A listed URL serves neither a release page nor a PDF (a spreadsheet, an image, an archive):
    recorded and skipped, not retried."""


class SiteChanged(SourceError):
    """The page no longer has the layout its parser expects."""


class UnsafeURL(SourceError):
    """The URL (or a redirect) points at loopback, private, link-local or metadata addresses, or is not http(s)."""


class ResponseTooLarge(SourceError):
    """The body is over the configured size cap."""


class SourceConfigError(SourceError):
    """A source entry in config (or given on the command line) is invalid."""
