"""The scheduled path keeps the backoff: a monitor tick after a 429 with Retry-After: 3600 asks nothing,
and the unhealthy event names the failure."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest

from tests.support.prefect_events import read_events
from tests.support.waiting import wait_until

pytestmark = pytest.mark.prefect

SOURCE = "mofa_press_en"
LISTING = "/press/release/index.html"


@pytest.fixture
def site_root():
    from samples.server import SITES_DIR

    return SITES_DIR / SOURCE


@pytest.fixture
def site_source():
    return SOURCE  # the site answers this source's real URLs


def _unhealthy_events(timeout: float = 30) -> list[dict]:
    return wait_until(lambda: read_events("roadmap.source.unhealthy", resource_ids=[f"roadmap.source.{SOURCE}"]),
                      timeout=timeout, what="an unhealthy event", interval=0.3)


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_a_monitor_tick_leaves_a_source_alone_while_it_backs_off(prefect_harness, engine, site):
    from flows.pipeline_flows import monitor_flow

    def tick():
        return monitor_flow(sources=[SOURCE], polite_delay=0)[0]

    site.set_fault(LISTING, "429", retry_after=3600)
    first = tick()
    assert first["error"].startswith("unavailable") and first["backing_off_until"] is None
    [event] = _unhealthy_events()
    assert event["payload"]["failure"] == "unavailable"
    until = datetime.fromisoformat(event["payload"]["next_attempt_at"])
    assert until - datetime.now(timezone.utc) > timedelta(minutes=59)  # the site's Retry-After, kept

    site.clear_faults()
    asked = len(site.requests)
    lines, logger = _Lines(), logging.getLogger("prefect.flow_runs")  # the flow run's log, as the Prefect UI shows it
    logger.addHandler(lines)
    try:
        second = tick()
    finally:
        logger.removeHandler(lines)
    assert len(site.requests) == asked and second["backing_off_until"] and second["fetched"] == 0
    assert any("backing off until" in line and SOURCE in line for line in lines.lines)
