"""How long a release published at any moment waits for its source's next scheduled run (a simulated clock).

Publication → review queue is that wait, plus the run itself, plus the process-documents batch
window. The wait depends only on the cron schedule, so it is computed, not waited for: one
publication per minute over a week, each meeting the first scheduled run at or after it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

FEED_KINDS = ("rss", "atom", "rdf", "canada-news-api")  # one conditional GET tells whether anything is new
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class PollWait:
    """Seconds between a publication and the next scheduled run of its source, over a simulated week."""
    schedule: str
    worst: float
    median: float


def poll_wait(schedule: str, *, start: datetime = datetime(2026, 3, 2), span: timedelta = WEEK) -> PollWait:
    """The worst and median wait, for publications at every minute of ``span`` from ``start``.

    Raises ValueError for a cron expression Prefect could not schedule.
    """
    # The cron reader Prefect's scheduler itself uses (vendored): the same runs as the deployments get.
    from prefect._vendor.croniter import croniter

    try:
        runs = croniter(schedule, start - timedelta(seconds=1))
    except (KeyError, ValueError) as exc:
        raise ValueError(f"not a cron schedule: {schedule!r} ({exc})") from None
    next_run = runs.get_next(datetime)
    waits = []
    for minute in range(int(span.total_seconds() // 60)):
        published = start + timedelta(minutes=minute)
        while next_run < published:
            next_run = runs.get_next(datetime)
        waits.append((next_run - published).total_seconds())
    return PollWait(schedule=schedule, worst=max(waits), median=median(waits))
