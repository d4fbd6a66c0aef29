"""How long a release published at any moment waits for its source's next scheduled run (a simulated clock).

Publication → review queue is that wait, plus the run itself, plus the process-documents batch
window. The wait depends only on the cron schedule, so it is computed, not waited for: from the
gaps between the schedule's runs over a simulated week.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class PollWait:
    """Seconds a release waits for its source's next scheduled run: at worst, and on average."""
    schedule: str
    worst: float  # published just after a run: the longest gap between two runs
    mean: float  # published at a uniformly random moment


def poll_wait(schedule: str, *, start: datetime = datetime(2026, 3, 2), span: timedelta = WEEK) -> PollWait:
    """The worst and mean wait over ``span`` from ``start``, from the gaps between the schedule's runs.

    A release published in a gap of g seconds waits g/2 on average: the mean is the sum of g²/2
    over the gaps, divided by the span. Raises ValueError for a cron expression Prefect could not schedule.
    """
    from cronsim import CronSim, CronSimError  # the cron reader the sources file is checked with

    try:
        runs = CronSim(schedule, start)
    except CronSimError as exc:
        raise ValueError(f"not a cron schedule: {schedule!r} ({exc})") from None
    previous = next(runs)  # gaps between runs only: none cut short at the span's start
    end, gaps = previous + span, []
    while previous < end:
        following = next(runs)
        gaps.append((following - previous).total_seconds())
        previous = following
    covered = sum(gaps)
    return PollWait(schedule=schedule, worst=max(gaps), mean=sum(g * g / 2 for g in gaps) / covered)
