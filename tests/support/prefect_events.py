"""Reading the events a Prefect API holds (the flow tests' harness, or a served one)."""
from __future__ import annotations

from datetime import datetime

_since: datetime | None = None


def only_events_since(moment: datetime | None) -> None:
    """Later ``read_events`` calls see only events that occurred at or after ``moment`` (None: all of them).

    Each test wipes the database, so documents and sources reuse ids: without this, an earlier test's
    event for ``roadmap.document.1`` would pass for this test's (the harness keeps events for the session)."""
    global _since
    _since = moment


def read_events(name: str, *, resource_ids: list[str] | None = None) -> list[dict]:
    """Events called ``name`` the Prefect API holds (at most 50, newest first), optionally for these resources."""
    from prefect.client.orchestration import get_client

    flt: dict = {"event": {"name": [name]}, "order": "DESC"}
    if resource_ids:
        flt["resource"] = {"id": list(resource_ids)}
    if _since is not None:
        flt["occurred"] = {"since": _since.isoformat()}
    with get_client(sync_client=True) as client:
        response = client.request("POST", "/events/filter", json={"filter": flt, "limit": 50})
    return response.json()["events"]
