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


def read_events(prefix: str = "roadmap.", *, limit: int = 200) -> list[dict]:
    """Events the Prefect API holds whose name starts with ``prefix`` (newest first)."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        response = client.request("POST", "/events/filter",
                                  json={"filter": {"event": {"prefix": [prefix]}, "order": "DESC"}, "limit": limit})
    return response.json()["events"]
