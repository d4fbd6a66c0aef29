"""What the review queue's address and forms carry: filters, the page's items as first shown, the way back."""
from __future__ import annotations

import datetime as dt

from fastapi.responses import RedirectResponse

from models import review
from review.web import MAX_ROW_ID

PAGE = 25

FILTER_KEYS = ("section", "source", "lang", "since", "until", "history", "min_score", "max_score")
HISTORY = {"": "include", "only": "only history", "hide": "hide history"}


def parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def parse_score(value: str | None) -> float | None:
    try:
        return min(max(float(value), 0.0), 1.0) if value else None
    except ValueError:
        return None


def queue_filter(params) -> review.QueueFilter:
    history = {"only": True, "hide": False}.get(params.get("history") or "")
    return review.QueueFilter(section=params.get("section") or None, source=params.get("source") or None,
                              lang=params.get("lang") or None, since=parse_date(params.get("since")),
                              until=parse_date(params.get("until")), history=history,
                              min_score=parse_score(params.get("min_score")), max_score=parse_score(params.get("max_score")))


def shown_ids(value: str | None) -> list[int]:
    """The page's items as it was first shown (``ids=3,9,4``): kept so that decisions do not reorder it."""
    out = []
    for part in (value or "").split(",")[:PAGE]:
        if part.strip().isdigit() and 0 < int(part) <= MAX_ROW_ID:
            out.append(int(part))
    return out


def back_to(back: str | None, pos: int | None = None) -> RedirectResponse:
    """Back to the page the form came from (same site only), keeping the keyboard position."""
    target = back if back and back.startswith("/") and not back.startswith("//") else "/review"
    if pos is not None and target.startswith("/review"):
        path, _, query = target.partition("?")
        params = [p for p in query.split("&") if p and not p.startswith("pos=")] + [f"pos={max(pos, 0)}"]
        target = path + "?" + "&".join(params)
    return RedirectResponse(target, status_code=303)
