"""Health with a threshold: N failed runs in a row before unhealthy, and run states an operator can filter on."""
from __future__ import annotations

import pytest

from models import sources_repo
from sources.config import source_from_dict
from sources.errors import SourceConfigError

SOURCE = "nrcan_news_en"  # not a source other Prefect tests alert on (one harness for the session)


def _source(session):
    return sources_repo.upsert_source(session=session, name="flaky_news_en", ministry="GAC", country="CA",
                                      lang="en", kind="rss", url="https://flaky.example/feed.xml")


def test_a_source_turns_unhealthy_only_after_n_failures_in_a_row(session):
    src = _source(session)
    for _ in range(2):
        src = sources_repo.record_failure(session=session, source_id=src.id, error="unavailable — 503",
                                          unhealthy_after=3)
        assert src.healthy and src.next_attempt_at is not None  # backing off, not yet worth an alert
    src = sources_repo.record_failure(session=session, source_id=src.id, error="unavailable — 503", unhealthy_after=3)
    assert not src.healthy and src.consecutive_failures == 3
    src = sources_repo.record_success(session=session, source_id=src.id)
    assert src.healthy and src.consecutive_failures == 0
    src = sources_repo.record_failure(session=session, source_id=src.id, error="blocked — 403", unhealthy_after=3)
    assert src.healthy  # the count starts again after a success


def test_threshold_per_source_is_validated():
    entry = {"ministry": "GAC", "country": "CA", "language": "en", "kind": "rss", "url": "https://x.example/feed"}
    assert source_from_dict("x_news_en", {**entry, "unhealthy_after": 5}).unhealthy_after == 5
    assert source_from_dict("x_news_en", entry).unhealthy_after is None
    for bad in (0, "3", True, 1.5):
        with pytest.raises(SourceConfigError, match="unhealthy_after"):
            source_from_dict("x_news_en", {**entry, "unhealthy_after": bad})


@pytest.mark.prefect
def test_failed_reads_show_in_the_run_state_and_health_follows_the_threshold(prefect_harness, engine, monkeypatch):
    from config.settings import get_settings
    from flows.pipeline_flows import COMPLETED_WITH_FAILURES, ingest_source_flow, monitor_flow
    from pipeline.pipeline_state import source_health
    from samples.routing import serve_routed
    from samples.server import SITES_DIR, SampleSite

    monkeypatch.setenv("ROADMAP_UNHEALTHY_AFTER_FAILURES", "2")
    get_settings.cache_clear()
    with SampleSite(SITES_DIR / SOURCE) as site, serve_routed({SOURCE: site}):
        site.set_fault("*", "403")
        state = monitor_flow(sources=[SOURCE], polite_delay=0, return_state=True)
        assert state.is_completed() and state.name == COMPLETED_WITH_FAILURES and SOURCE in state.message
        assert state.result()[0]["error"]
        assert source_health(SOURCE).healthy  # one failure: below the threshold
        state = ingest_source_flow(source_name=SOURCE, polite_delay=0, ignore_backoff=True,
                                   return_state=True)
        assert state.is_failed() and f"ingest of {SOURCE!r} failed" in state.message
        health = source_health(SOURCE)
        assert not health.healthy and health.consecutive_failures == 2
        site.clear_faults()
        state = monitor_flow(sources=[SOURCE], polite_delay=0, return_state=True)
        assert state.name == "Completed"  # backing off is not a failure
