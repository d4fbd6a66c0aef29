"""`roadmap deploy` follows the sources file: schedules, host limits and the workers' sources path (Prefect harness)."""
from __future__ import annotations

import pytest
import yaml

from flows import deployments, host_limits
from flows.pool_deploy import SOURCES_ENV, DeployError, deploy_to_pool

POOL = "roadmap-test-pool"


def _entry(url: str, schedule: str, enabled: bool = True) -> dict:
    return {"ministry": "MOFA", "country": "JP", "language": "en", "kind": "rss", "url": url,
            "schedule": schedule, "enabled": enabled}


def _write(path, entries: dict) -> None:
    path.write_text(yaml.safe_dump({"sources": entries}), encoding="utf-8")


@pytest.fixture
def pool(prefect_harness):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists
    from prefect.workers.process import ProcessWorker

    with get_client(sync_client=True) as client:
        try:
            client.create_work_pool(WorkPoolCreate(name=POOL, type="process",
                                                   base_job_template=ProcessWorker.get_default_base_job_template()))
        except ObjectAlreadyExists:
            pass
    yield POOL
    # The harness lives for the whole session: deployments left here would be found by other tests
    # (the onboard tests start the onboard-source deployment when one exists).
    from prefect.client.schemas.filters import WorkPoolFilter, WorkPoolFilterName

    with get_client(sync_client=True) as client:
        for deployment in client.read_deployments(work_pool_filter=WorkPoolFilter(name=WorkPoolFilterName(any_=[POOL]))):
            client.delete_deployment(deployment.id)


def _monitor():
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        dep = client.read_deployment_by_name(deployments.MONITOR)
    return dep, {s.slug: (s.schedule.cron, s.parameters) for s in dep.schedules}


def _host_limits() -> set[str]:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return {lim.name for lim in host_limits._all_limits(client) if lim.name.startswith("host:")}


def test_schedules_and_host_limits_follow_the_sources_file_on_redeploy(pool, tmp_path):
    sources = tmp_path / "sources.yaml"
    _write(sources, {"alpha_news_en": _entry("https://alpha.example/feed.xml", "0 * * * *"),
                     "beta_news_en": _entry("https://beta.example/rss", "*/15 * * * *")})
    first = deploy_to_pool(work_pool=pool, sources_file=sources)
    dep, schedules = _monitor()
    assert schedules == {"alpha_news_en": ("0 * * * *", {"sources": ["alpha_news_en"]}),
                         "beta_news_en": ("*/15 * * * *", {"sources": ["beta_news_en"]})}
    assert dep.work_pool_name == pool
    assert dep.job_variables["env"][SOURCES_ENV] == str(sources.resolve())  # every worker reads this file
    assert dep.job_variables["env"]["PREFECT_FLOWS_HEARTBEAT_FREQUENCY"]  # runs of a lost worker get marked crashed
    assert first.scheduled_sources == ["alpha_news_en", "beta_news_en"]
    assert {"host:alpha.example", "host:beta.example"} <= _host_limits()

    # Disable one, remove one, add one, change a schedule: re-deploying makes the fleet follow.
    _write(sources, {"beta_news_en": _entry("https://beta.example/rss", "*/5 * * * *"),
                     "alpha_news_en": _entry("https://alpha.example/feed.xml", "0 * * * *", enabled=False),
                     "gamma_news_en": _entry("https://gamma.example/news.atom", "30 * * * *")})
    second = deploy_to_pool(work_pool=pool, sources_file=sources)
    _, schedules = _monitor()
    assert schedules == {"beta_news_en": ("*/5 * * * *", {"sources": ["beta_news_en"]}),
                         "gamma_news_en": ("30 * * * *", {"sources": ["gamma_news_en"]})}
    assert second.removed[deployments.MONITOR] == ["alpha_news_en"]
    limits = _host_limits()
    assert "host:gamma.example" in limits and "host:alpha.example" not in limits

    # Every source disabled: no schedule left (Prefect alone would keep the old ones).
    _write(sources, {"beta_news_en": _entry("https://beta.example/rss", "*/5 * * * *", enabled=False)})
    deploy_to_pool(work_pool=pool, sources_file=sources)
    assert _monitor()[1] == {}

    # Re-running with no change changes nothing.
    _write(sources, {"beta_news_en": _entry("https://beta.example/rss", "*/5 * * * *")})
    deploy_to_pool(work_pool=pool, sources_file=sources)
    again = deploy_to_pool(work_pool=pool, sources_file=sources)
    assert _monitor()[1] == {"beta_news_en": ("*/5 * * * *", {"sources": ["beta_news_en"]})}
    assert again.removed == {}


def test_deploy_refuses_a_missing_work_pool_or_sources_file(prefect_harness, tmp_path):
    sources = tmp_path / "sources.yaml"
    _write(sources, {"alpha_news_en": _entry("https://alpha.example/feed.xml", "0 * * * *")})
    with pytest.raises(DeployError, match="no work pool called 'nope'"):
        deploy_to_pool(work_pool="nope", sources_file=sources)
    with pytest.raises(DeployError, match="does not exist"):
        deploy_to_pool(work_pool=POOL, sources_file=tmp_path / "missing.yaml")


def test_host_lease_is_sized_to_the_politeness_delay():
    assert host_limits.lease_seconds(1.0) == host_limits.MIN_LEASE_SECONDS  # not five minutes
    assert host_limits.lease_seconds(12.0) == 120.0


@pytest.mark.slow  # a `roadmap`/python subprocess: seconds of imports
def test_roadmap_deploy_without_a_prefect_api_says_so(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PYTHONPATH=str(root), PREFECT_HOME=str(tmp_path / "prefect"))
    out = subprocess.run([sys.executable, "-m", "cli.main", "deploy", "--pool", POOL], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "PREFECT_API_URL is not set" in out.stderr and "Traceback" not in out.stderr
