"""Geometry for the server-drawn SVG charts; the templates draw it (no chart library, no CDN)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


MAX_BAR = 36  # a single month should not fill the chart


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass
class Chart:
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    labels: list[tuple[float, float, str]] = field(default_factory=list)  # x, y, text
    empty: bool = False


def progress_bar(counts: dict[str, int], order: tuple[str, ...], *, width: int = 240, height: int = 14) -> Chart:
    """One horizontal bar split by status counts, in ``order``; class ``st-<status>`` per part."""
    total = sum(counts.values())
    chart = Chart(width, height, empty=total == 0)
    x = 0.0
    for status in order:
        n = counts.get(status, 0)
        if not n:
            continue
        w = width * n / total
        chart.rects.append(Rect(round(x, 2), 0, round(w, 2), height, "st-" + status.replace(" ", "-"),
                                f"{status}: {n} of {total}"))
        x += w
    return chart


def _month(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, m = [], _month(first)
    while m <= last:
        out.append(m)
        m = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def evidence_over_time(counts: dict[tuple[dt.date, str], int], *, width: int = 640, height: int = 180,
                       max_months: int = 24) -> Chart:
    """Monthly stacked bars of evidence by status, from ``{(date, status): n}`` (date of the document)."""
    by_month: dict[dt.date, dict[str, int]] = {}
    for (day, status), n in counts.items():
        if day is None:
            continue
        by_month.setdefault(_month(day), {}).setdefault(status, 0)
        by_month[_month(day)][status] += n
    if not by_month:
        return Chart(width, height, empty=True)
    months = _months(min(by_month), max(by_month))[-max_months:]
    top = max(sum(by_month.get(m, {}).values()) for m in months) or 1
    plot_h, base = height - 36, height - 20  # room above the tallest bar for its count
    slot = width / len(months)
    chart = Chart(width, height)
    for i, m in enumerate(months):
        total = sum(by_month.get(m, {}).values())
        if total:  # each bar says its count: no need to read it off an axis
            chart.labels.append((round(i * slot + 2, 2), round(base - plot_h * total / top - 3, 2), str(total)))
        y = float(base)
        for status in ("accepted", "suggested"):
            n = by_month.get(m, {}).get(status, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            chart.rects.append(Rect(round(i * slot + 2, 2), round(y, 2), round(min(max(slot - 4, 1), MAX_BAR), 2), round(h, 2),
                                    f"ev-{status}", f"{m:%Y-%m}: {n} {status}"))
        if len(months) <= 12 or i % max(1, len(months) // 8) == 0:
            chart.labels.append((round(i * slot + 2, 2), height - 4, f"{m:%Y-%m}"))
    return chart
