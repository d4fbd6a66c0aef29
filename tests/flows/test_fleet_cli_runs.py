"""``roadmap run`` goes through the ingest-source deployment when the API has it (counts printed when the
runs end), else reads here and says so; ``sources add --backfill`` on a pool prints the counts too."""
from __future__ import annotations

import json
import threading

import pytest

from tests.support.adhoc_site import adhoc_site_fixtures
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_logs_to_real_stderr")]


site_root, site_setup = adhoc_site_fixtures()


@pytest.fixture
def no_api(monkeypatch, tmp_path):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "no-profile"))


def test_without_an_api_run_reads_here_and_says_what_that_costs(cli, site, no_api):
    assert cli("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA")[0] == 0
    code, out, err = cli("run", "--source", "sample_feed")
    assert code == 0 and "sample_feed" in out
    assert "without the fleet (PREFECT_API_URL is not set)" in err and "no document events" in err
    assert len(json.loads(cli("documents", "--format", "json")[1])) == 3


class FakeWorker:
    """Runs the flow runs of one deployment in this process, as a process worker would run them."""

    def __init__(self, deployment: str, flow):
        self.deployment, self.flow, self.ran = deployment, flow, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=30)

    def _loop(self):
        from prefect.client.orchestration import get_client
        from prefect.client.schemas.filters import (DeploymentFilter, DeploymentFilterId, FlowRunFilter,
                                                    FlowRunFilterState, FlowRunFilterStateType)
        from prefect.flow_engine import run_flow

        with get_client(sync_client=True) as client:
            deployment = client.read_deployment_by_name(self.deployment)
            while not self._stop.is_set():
                runs = client.read_flow_runs(
                    deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id])),
                    flow_run_filter=FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(
                        any_=["SCHEDULED"]))))
                for run in runs:
                    run_flow(self.flow, flow_run=run, parameters=self.flow.validate_parameters(run.parameters),
                             return_type="state")
                    self.ran.append(run.id)
                self._stop.wait(0.3)  # polling for work, like a worker


def test_with_the_deployment_run_goes_through_it_and_prints_the_counts(prefect_harness, cli, site, monkeypatch):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL

    from flows.deployments import INGEST
    from flows.pipeline_flows import ingest_source_flow

    assert cli("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA")[0] == 0
    ingest_source_flow.to_deployment(name="adhoc").apply()
    monkeypatch.setenv("PREFECT_API_URL", PREFECT_API_URL.value())  # what an operator sets
    try:
        code, _, err = cli("run", "--source", "nope")
        assert code == 2 and "no source named 'nope'" in err  # checked here, before any run is queued
        with FakeWorker(INGEST, ingest_source_flow) as worker:
            code, out, err = cli("run", "--source", "sample_feed", "--since", "2026-01-01")
        assert code == 0, err
        assert f"{INGEST} runs queued" in err and len(worker.ran) == 1
        row = next(line for line in out.splitlines() if "sample_feed" in line)
        assert "completed" in row and " 3 " in row  # fetched 3, new 3
        assert len(json.loads(cli("documents", "--format", "json")[1])) == 3
    finally:
        with get_client(sync_client=True) as client:
            client.delete_deployment(client.read_deployment_by_name(INGEST).id)


def test_a_backfill_on_a_pool_prints_its_counts_when_the_run_ends(prefect_harness, cli, site):
    from prefect.client.orchestration import get_client

    from flows.deployments import ONBOARD
    from flows.pipeline_flows import onboard_source_flow

    onboard_source_flow.to_deployment(name="adhoc").apply()
    try:
        with FakeWorker(ONBOARD, onboard_source_flow) as worker:
            code, out, err = cli("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA",
                                 "--backfill", "2026-01-01")
        assert code == 0, err
        assert len(worker.ran) == 1 and "waiting for a worker" in out and "runner" not in out
        assert "back-fill of 'sample_feed': fetched 3, new 3" in out
    finally:
        with get_client(sync_client=True) as client:
            client.delete_deployment(client.read_deployment_by_name(ONBOARD).id)


def test_with_an_api_but_no_deployment_run_reads_here_and_announces_its_documents(prefect_harness, cli, site,
                                                                                  monkeypatch):
    from prefect.settings import PREFECT_API_URL

    from tests.support.prefect_events import read_events

    assert cli("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA")[0] == 0
    monkeypatch.setenv("PREFECT_API_URL", PREFECT_API_URL.value())
    code, out, err = cli("run", "--source", "sample_feed")
    assert code == 0 and "sample_feed" in out
    assert "reading here, not on the fleet" in err and "announced 3 documents" in err
    expected = {f"roadmap.document.{d['id']}" for d in json.loads(cli("documents", "--format", "json")[1])}
    assert len(expected) == 3
    wait_until(lambda: {e["resource"]["prefect.resource.id"] for e in read_events(
        "roadmap.document.ingested", resource_ids=sorted(expected))} == expected, timeout=30,
        what="the documents' events at the API")
