"""``roadmap sources add … --backfill`` goes through the onboard-source flow: documents announced,
the served deployment used when there is one, a back-fill that read nothing exits non-zero."""
from __future__ import annotations

import json

import pytest

from tests.support.prefect_events import read_events
from tests.support.adhoc_site import LISTING, TOPICS, adhoc_site_fixtures
from tests.support.http_helpers import SAMPLE_NOTE
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_logs_to_real_stderr")]


site_root, site_setup = adhoc_site_fixtures()


def _wait_for_events(resource_ids: set[str], timeout: float = 30) -> set[str]:
    def seen() -> set[str] | None:
        ids = {e["resource"]["prefect.resource.id"]
               for e in read_events("roadmap.document.ingested", resource_ids=sorted(resource_ids))}
        return ids if ids == resource_ids else None

    return wait_until(seen, timeout=timeout, what=f"ingested events for {sorted(resource_ids)}", interval=0.3)


def test_backfill_runs_the_onboard_flow_and_announces_each_document(prefect_harness, cli, site):
    code, out, err = cli("sources", "add", "sample_listing", site.url + "/news/index.html", "--country", "JP",
                         "--backfill", "2026-01-01")
    assert code == 0, err
    assert "html-listing (detected)" in out and "Sample meeting on maritime security" in out
    assert "onboard-source" in out and "new 3" in out
    docs = json.loads(cli("documents", "--source", "sample_listing", "--format", "json")[1])
    assert sorted(d["title"] for d in docs) == sorted(f"Sample meeting on {t}" for t, _ in TOPICS)
    assert set(docs[0]) >= {"id", "source", "url", "title", "published", "lang", "content_type"}
    expected = {f"roadmap.document.{d['id']}" for d in docs}
    assert _wait_for_events(expected) == expected


def test_a_backfill_that_fails_on_every_item_exits_non_zero(prefect_harness, cli, site):
    site.set_page("/broken/index.html", LISTING.format(note=SAMPLE_NOTE).replace("/news/", "/gone/"))
    code, out, err = cli("sources", "add", "sample_broken", site.url + "/broken/index.html", "--country", "JP",
                         "--backfill", "2026-01-01")
    assert code != 0 and "back-fill of 'sample_broken'" in err and "Traceback" not in err
    assert "registered source 'sample_broken'" in out  # registered; its health says why it failed
    status = json.loads(cli("sources", "status", "--format", "json")[1])
    row = next(r for r in status if r["name"] == "sample_broken")
    assert row["recent_runs"][0]["failed"] == 3 and row["recent_runs"][0]["new"] == 0


def test_with_a_served_deployment_the_backfill_is_started_there(prefect_harness, cli, site, monkeypatch):
    from prefect.client.orchestration import get_client

    import flows.fleet_runs
    import flows.onboard
    from flows.deployments import ONBOARD
    from flows.pipeline_flows import onboard_source_flow

    onboard_source_flow.to_deployment(name="adhoc").apply()
    monkeypatch.setattr(flows.onboard, "START_TIMEOUT_SECONDS", 0)  # no runner here: leave it queued
    monkeypatch.setattr(flows.fleet_runs, "POLL_SECONDS", 0.1)
    try:
        code, out, err = cli("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA",
                             "--backfill", "2026-01-01")
        assert code == 0, err
        assert f"starting deployment {ONBOARD}" in out and "scheduled" in out
        with get_client(sync_client=True) as client:
            deployment = client.read_deployment_by_name(ONBOARD)
            runs = client.read_flow_runs()
        mine = [r for r in runs if r.deployment_id == deployment.id]
        assert len(mine) == 1 and mine[0].parameters["name"] == "sample_feed"
        assert (mine[0].parameters["url"], mine[0].parameters["backfill_since"]) == (site.url + "/feed.xml",
                                                                                       "2026-01-01")
        assert mine[0].parameters["kind"] == "rss"
        assert json.loads(cli("documents", "--format", "json")[1]) == []  # nothing ran in the CLI process
    finally:
        with get_client(sync_client=True) as client:
            client.delete_deployment(client.read_deployment_by_name(ONBOARD).id)
