"""The one Prefect test harness for flow tests: a temporary Prefect server for the whole session.

Import the fixture into a test module with ``from prefect_fixtures import prefect_harness``.
"""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def prefect_harness():
    """A session-scoped temporary Prefect API (SQLite); flows called in tests report to it."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def read_events(name: str, *, resource_ids: list[str] | None = None) -> list[dict]:
    """Events called ``name`` the Prefect API holds (at most 50, newest first), optionally for these resources."""
    from prefect.client.orchestration import get_client

    flt: dict = {"event": {"name": [name]}, "order": "DESC"}
    if resource_ids:
        flt["resource"] = {"id": list(resource_ids)}
    with get_client(sync_client=True) as client:
        response = client.request("POST", "/events/filter", json={"filter": flt, "limit": 50})
    return response.json()["events"]
