"""METI press releases: one archive page per month (`/press/archive_202607.html`) in the same markup as
`/press/index.html` (`ul.float_li li`). The archive names are reported by public scrapers of the site
(the real index links only `/press/archive.html`); the index lists the latest releases only. A back-fill
pages from the index to the current month's archive, then to each month before.
"""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin, urlsplit

_ARCHIVE = re.compile(r"/archive_(\d{4})(\d{2})\.html$")


class MetiArchives:
    """`next` of the index is this month's archive; of an archive, the month before's."""

    kinds: tuple[str, ...] = ("html-listing",)  # the source kinds it reads (checked when sources.yaml is loaded)

    def next_listing_url(self, url: str, text: str, fetched_on: date | None) -> str | None:
        match = _ARCHIVE.search(urlsplit(url).path)
        if match:
            year, month = int(match[1]), int(match[2])
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        elif fetched_on:
            year, month = fetched_on.year, fetched_on.month
        else:
            return None
        return urljoin(url, f"archive_{year}{month:02d}.html")
