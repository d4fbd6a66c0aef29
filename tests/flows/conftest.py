"""The one Prefect test harness for the flow tests: a temporary Prefect server for the whole session."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.support.prefect_events import only_events_since


@pytest.fixture(scope="session")
def prefect_harness():
    """A session-scoped temporary Prefect API (SQLite); flows called in tests report to it.

    Defined once here, so one per session: a second harness would leave Prefect's events worker
    sending to the first one's API.
    """
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def prefect_logs_to_real_stderr():
    """Prefect's console handlers keep the stream they were made with: if that is a test's capsys stream,
    it is closed after the test and later flows' logging recurses. Point them at the process's stderr."""
    def repoint() -> None:
        import logging
        import sys

        from prefect.logging.handlers import PrefectConsoleHandler

        for ref in list(logging._handlerList):
            handler = ref()
            if isinstance(handler, PrefectConsoleHandler):
                handler.stream = sys.__stderr__  # not setStream: it would flush the closed stream
                handler.console.file = sys.__stderr__

    repoint()
    yield
    repoint()


@pytest.fixture(autouse=True)
def only_this_tests_events():
    """Events read in a test are the ones that occurred during it (ids repeat from test to test)."""
    only_events_since(datetime.now(timezone.utc))
    yield
    only_events_since(None)


def pytest_collection_modifyitems(items):
    """A test that asks for the harness starts a Prefect server: it is a `prefect` test and out of the fast tier."""
    for item in items:
        if "prefect_harness" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.prefect)
            item.add_marker(pytest.mark.slow)
