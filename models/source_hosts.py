"""Which URLs a source may speak for: a document belongs to the source that stores it.

A release page names its canonical URL itself (``<link rel="canonical">``), so a page on one site
could claim a URL of another and be stored over that site's document. A source is trusted for the
hosts of its own site (the site of its configured URL) and the hosts it declares
(``settings["hosts"]``, e.g. the Canada News API source whose pages are on www.canada.ca).
"""
from __future__ import annotations

from urllib.parse import urlsplit

# Second-level labels under a country code that are a registry's, not a site's (go.jp, gc.ca, co.uk):
# the site is then the three last labels. Enough for the governments we read; not a public suffix list.
_REGISTRY_LABELS = {"go", "gc", "gov", "gouv", "co", "or", "ne", "ac", "ed", "lg", "com", "org", "net", "edu"}


def host_of(url: str | None) -> str:
    """The lower-case host of ``url`` without a leading ``www.`` ("" when it has none or is malformed)."""
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".").removeprefix("www.")


def site_of(host: str) -> str:
    """The registrable part of a host: ``www.mofa.go.jp`` → ``mofa.go.jp``, ``api.io.canada.ca`` → ``canada.ca``.
    An IP address or a one-label host is its own site."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) < 3 or labels[-1].isdigit():
        return host.lower()
    keep = 3 if len(labels[-1]) == 2 and labels[-2] in _REGISTRY_LABELS else 2
    return ".".join(labels[-keep:])


def trusted_sites(source) -> set[str]:
    """Sites ``source`` (a ``models.tables.Source``) speaks for: its URL's and those it declares
    (``settings["hosts"]``, or ``hosts`` in its stored config entry)."""
    settings = source.settings if isinstance(source.settings, dict) else {}
    config = settings.get("config") if isinstance(settings.get("config"), dict) else {}
    declared = list(settings.get("hosts") or []) + list(config.get("hosts") or [])
    hosts = [host_of(source.url)] + [str(h).lower().removeprefix("www.") for h in declared if isinstance(h, str)]
    return {site_of(h) for h in hosts if h}


def speaks_for(source, url: str, *, page_url: str | None = None) -> bool:
    """Whether ``source`` may store a document at ``url``: the URL is on one of its sites, or on the
    site of the page it was read from (a site naming its own canonical URL)."""
    host = host_of(url)
    if not host:
        return False
    site = site_of(host)
    if site in trusted_sites(source):
        return True
    return page_url is not None and site == site_of(host_of(page_url)) and bool(host_of(page_url))
