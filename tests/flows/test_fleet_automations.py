"""Webhooks have their own private-address switch; creating the health automation alerts current unhealthy sources once."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from tests.support.waiting import WaitFailed, wait_until

from flows.automations import AutomationsError, check_webhook_url, create_automations
from models import sources_repo


def test_a_private_webhook_needs_its_own_switch_not_the_sources_one(monkeypatch):
    from config.settings import get_settings

    monkeypatch.setenv("ROADMAP_ALLOW_PRIVATE_URLS", "1")  # sources may be private...
    monkeypatch.delenv("ROADMAP_ALLOW_PRIVATE_WEBHOOK_URLS", raising=False)
    get_settings.cache_clear()
    try:
        assert get_settings().allow_private_urls and not get_settings().allow_private_webhook_urls
        with pytest.raises(AutomationsError, match="ROADMAP_ALLOW_PRIVATE_WEBHOOK_URLS"):  # ...webhooks not
            create_automations(health_url="http://127.0.0.1:9/health")
        monkeypatch.setenv("ROADMAP_ALLOW_PRIVATE_WEBHOOK_URLS", "1")
        monkeypatch.setenv("ROADMAP_ALLOW_PRIVATE_URLS", "0")
        get_settings.cache_clear()
        assert get_settings().allow_private_webhook_urls and not get_settings().allow_private_urls
    finally:
        get_settings.cache_clear()
    check_webhook_url("http://127.0.0.1:9/health", allow_private=True)
    with pytest.raises(AutomationsError, match="http and https"):
        check_webhook_url("file:///etc/passwd", allow_private=True)


class _Receiver(BaseHTTPRequestHandler):
    bodies: list[dict] = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length", 0))
        self.bodies.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    _Receiver.bodies = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/health", _Receiver.bodies
    server.shutdown()
    server.server_close()


def test_sources_already_unhealthy_alert_once_when_the_automation_is_created(prefect_harness, session, receiver):
    url, bodies = receiver
    broken = sources_repo.upsert_source(session=session, name="broken_news_en", ministry="GAC", country="CA",
                                        lang="en", kind="rss", url="https://broken.example/feed.xml")
    sources_repo.upsert_source(session=session, name="fine_news_en", ministry="GAC", country="CA", lang="en",
                               kind="rss", url="https://fine.example/feed.xml")
    sources_repo.record_failure(session=session, source_id=broken.id, error="blocked — The site answered 403")
    result = create_automations(health_url=url, allow_private_urls=True)
    assert result.replayed == ["broken_news_en"] and result.replay_problem is None
    [body] = bodies
    assert body["event"] == "roadmap.source.unhealthy" and body["resource"] == "roadmap.source.broken_news_en"
    assert body["payload"]["failure"] == "blocked" and body["payload"]["replayed"] is True


def test_a_run_whose_heartbeats_stop_is_marked_crashed(prefect_harness):
    from datetime import timedelta

    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.events import emit_event
    from prefect.states import Running

    from flows.crash_detection import CRASH_AUTOMATION, create_crash_automation

    @flow(name="fleet-heartbeat-probe")
    def probe():
        pass

    for _ in range(2):  # re-running replaces it
        create_crash_automation(missed_after=timedelta(seconds=10))  # Prefect's shortest
    with get_client(sync_client=True) as client:
        assert len(client.read_automations_by_name(CRASH_AUTOMATION)) == 1
        run = client.create_flow_run(probe)
        client.set_flow_run_state(run.id, Running(), force=True)

        def crashed():
            state = client.read_flow_run(run.id).state
            return state if state.type.value == "CRASHED" else None

        # One heartbeat, then silence. The triggers service loads a new automation a moment after it is
        # created, so a heartbeat sent before that is not seen: send another after each quiet spell (4 × 30 s).
        for spell in range(4):
            emit_event(event="prefect.flow-run.heartbeat", resource={"prefect.resource.id": f"prefect.flow-run.{run.id}"})
            try:
                state = wait_until(crashed, timeout=30, what="the silent run to be marked crashed", interval=1)
                break
            except WaitFailed:
                if spell == 3:
                    raise
    assert "no heartbeat" in state.message
