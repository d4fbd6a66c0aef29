"""The one Prefect test harness for flow tests: a temporary Prefect server for the whole session.

Import the fixture into a test module with ``from prefect_fixtures import prefect_harness``.
"""
from __future__ import annotations

import pytest


_active = []  # each module that imports the fixture gets its own copy of it: share one harness between them


@pytest.fixture(scope="session")
def prefect_harness():
    """A session-scoped temporary Prefect API (SQLite); flows called in tests report to it.

    One per session even when several modules import it: a second harness would leave Prefect's
    events worker sending to the first one's API.
    """
    if _active:
        yield
        return
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        _active.append(True)
        try:
            yield
        finally:
            _active.clear()


def read_events(name: str, *, resource_ids: list[str] | None = None) -> list[dict]:
    """Events called ``name`` the Prefect API holds (at most 50, newest first), optionally for these resources."""
    from prefect.client.orchestration import get_client

    flt: dict = {"event": {"name": [name]}, "order": "DESC"}
    if resource_ids:
        flt["resource"] = {"id": list(resource_ids)}
    with get_client(sync_client=True) as client:
        response = client.request("POST", "/events/filter", json={"filter": flt, "limit": 50})
    return response.json()["events"]
