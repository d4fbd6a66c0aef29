"""Fresh by default: feeds and APIs are polled often enough to queue a release within ~15 minutes, listings hourly."""
from __future__ import annotations

import pytest

from flows.freshness import poll_wait
from sources.config import FEED_KINDS, load_sources, source_from_dict

FEED_WAIT_MAX = 10 * 60  # + the run and the one-minute batch window: in the queue within ~15 minutes
LISTING_WAIT_MAX = 60 * 60


def test_the_wait_for_the_next_run_is_computed_from_the_cron():
    assert (poll_wait("5-59/10 * * * *").worst, poll_wait("5-59/10 * * * *").mean) == (600, 300)
    assert poll_wait("0 * * * *").worst == 3600  # published just after a run: read at the next hour
    assert poll_wait("30 */3 * * *").worst == 3 * 3600
    uneven = poll_wait("0,50 * * * *")  # gaps of 50 and 10 minutes: most releases fall in the long one
    assert uneven.worst == 50 * 60 and uneven.mean == pytest.approx((50 * 50 + 10 * 10) / 2 / 60 * 60)
    with pytest.raises(ValueError, match="not a cron schedule"):
        poll_wait("every ten minutes")


@pytest.mark.parametrize("cfg", [c for c in load_sources() if c.enabled], ids=lambda c: c.name)
def test_each_packaged_source_is_polled_as_often_as_its_kind_allows(cfg):
    limit = FEED_WAIT_MAX if cfg.kind in FEED_KINDS else LISTING_WAIT_MAX
    assert poll_wait(cfg.schedule).worst <= limit, f"{cfg.name} ({cfg.kind}) runs on {cfg.schedule!r}"


@pytest.mark.parametrize(("kind", "worst"), [("rss", FEED_WAIT_MAX), ("canada-news-api", FEED_WAIT_MAX),
                                             ("html-listing", LISTING_WAIT_MAX)])
def test_an_entry_without_a_schedule_gets_the_default_of_its_kind(kind, worst):
    entry = {"ministry": "GAC", "country": "CA", "language": "en", "kind": kind, "url": "https://x.example/feed",
             **({"adapter": "canada_news_api"} if kind == "canada-news-api" else {})}
    assert poll_wait(source_from_dict("x_news_en", entry).schedule).worst == worst
    assert source_from_dict("x_news_en", {**entry, "schedule": "0 0 * * *"}).schedule == "0 0 * * *"
