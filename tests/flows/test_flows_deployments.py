"""The deployment set: names, one schedule per source, the batched trigger (built offline, nothing served).

`roadmap deploy` builds the work-pool deployments from the same set (tests/test_fleet_deploy.py)."""
from __future__ import annotations

from datetime import timedelta

from flows import deployments
from sources.config import SourceConfig


def _src(name, schedule, enabled=True, url="https://www.mofa.go.jp/press/release/index.html"):
    return SourceConfig(name=name, ministry="MOFA", country="JP", language="en", kind="rss", url=url,
                        schedule=schedule, enabled=enabled)


def test_every_flow_has_a_deployment_with_the_documented_name():
    deps = deployments.build_deployments(sources=[_src("mofa_press_en", "0 * * * *")])
    names = {f"{d.flow_name}/{d.name}" for d in deps}
    assert names == {deployments.MONITOR, deployments.PROCESS, deployments.INGEST, deployments.ONBOARD,
                     deployments.DIGEST, "monitor/crash-retry", "ingest-source/crash-retry",
                     "onboard-source/crash-retry"}
    assert all(d.entrypoint.startswith("flows.") for d in deps)  # module paths: work from any directory


def test_each_enabled_source_runs_on_its_own_schedule():
    sources = [_src("mofa_press_en", "0 * * * *"), _src("gac_news_en", "*/30 * * * *"),
               _src("off", "0 0 * * *", enabled=False)]
    (monitor,) = [d for d in deployments.build_deployments(sources=sources) if d.full_name == deployments.MONITOR]
    got = {s.schedule.cron: s.parameters for s in monitor.schedules}
    assert got == {"0 * * * *": {"sources": ["mofa_press_en"]}, "*/30 * * * *": {"sources": ["gac_news_en"]}}


def test_document_trigger_is_batched_and_delays_the_run_by_its_window():
    trigger = deployments.batched_document_trigger(timedelta(seconds=45))
    assert trigger.expect == {"roadmap.document.ingested"}
    assert trigger.threshold == 1 and trigger.within == timedelta(seconds=45)
    assert trigger.schedule_after == timedelta(seconds=45)  # swallowed events' documents are stored by then
    assert trigger.parameters == {}  # the run sweeps all pending documents
    (process,) = [d for d in deployments.build_deployments(sources=[]) if d.flow_name == "process-documents"]
    assert len(process.triggers) == 1 and [s.schedule.cron for s in process.schedules] == [deployments.SWEEP_CRON]
