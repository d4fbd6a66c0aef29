"""MOFA (JA) press releases: month archives named by era year (`/mofaj/press/release/8_07_index.html` is
令和8年7月), and listing dates (`8月19日付`) that carry no year, so an archive page's own month supplies it.

Seen on the real listing (../shared/real-pages/mofa): its archive table (`#archives`) links every month
from 令和3年1月 to the current one, some without a leading zero (`3_1_index.html`). Older releases are
only in the National Diet Library's WARP archive. A back-fill pages from the listing to the previous
month's archive, and on from each archive page to the month before it.
"""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin, urlsplit

from sources.dates import month_end

REIWA_OFFSET = 2018  # 令和1 = 2019
_ARCHIVE = re.compile(r"/(\d{1,2})_(\d{1,2})_index\.html$")
_ARCHIVE_LINK = re.compile(r"""href=["']([^"']*/(\d{1,2})_(\d{1,2})_index\.html)["']""")


def archive_month(url: str) -> tuple[int, int] | None:
    """(year, month) of an archive page's address, None for any other page."""
    match = _ARCHIVE.search(urlsplit(url).path)
    return (REIWA_OFFSET + int(match[1]), int(match[2])) if match else None


class MofaArchives:
    """Year-less dates read against the archive's month; `next` is the archive of the month before."""

    kinds: tuple[str, ...] = ("html-listing",)  # the source kinds it reads (checked when sources.yaml is loaded)

    def listing_reference(self, url: str, fetched_on: date | None) -> date | None:
        month = archive_month(url)
        if month is None:
            return fetched_on
        end = month_end(*month)
        return min(end, fetched_on) if fetched_on else end

    def next_listing_url(self, url: str, text: str, fetched_on: date | None) -> str | None:
        """The archive page linked from `text` for the newest month before the page's own month (the
        listing's month is the fetch date's); None when there is none (the oldest archive)."""
        current = archive_month(url) or ((fetched_on.year, fetched_on.month) if fetched_on else None)
        if current is None:
            return None
        older = {(REIWA_OFFSET + int(era), int(month)): href for href, era, month in _ARCHIVE_LINK.findall(text)
                 if (REIWA_OFFSET + int(era), int(month)) < current}
        return urljoin(url, older[max(older)]) if older else None
