"""Feeds written for tests over sample pages (a source we have never configured)."""
from __future__ import annotations

from datetime import datetime, timezone
from email.utils import format_datetime

from tests.support.http_helpers import SAMPLE_NOTE

NEW_SOURCE = "sample_press_feed_en"  # the name the tests add the `new_sample_site` fixture's feed under


def rss_feed(base: str, paths: list[str]) -> str:
    """An RSS 2.0 feed of one item per path of the site at `base` (all dated 20 March 2026)."""
    date = format_datetime(datetime(2026, 3, 20, 9, 0, tzinfo=timezone.utc))
    items = "".join(f"<item><title>Sample release {i}</title><link>{base}{p}</link><pubDate>{date}</pubDate></item>"
                    for i, p in enumerate(paths, 1))
    return (f'<?xml version="1.0" encoding="utf-8"?>\n{SAMPLE_NOTE}\n<rss version="2.0"><channel>'
            f"<title>Sample press feed</title><link>{base}/</link><description>sample</description>"
            f"{items}</channel></rss>")
