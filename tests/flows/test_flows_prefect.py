"""The real flows under one session-scoped Prefect test harness, over the local sample server."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import func, select

from tests.support.prefect_events import read_events
from tests.support.waiting import wait_until

pytestmark = pytest.mark.prefect

SOURCE = "mofa_press_en"


@pytest.fixture
def roadmap_loaded(engine):
    from config.roadmap_data import load_bundle
    from models import db
    from models.roadmaps import load_roadmap

    with db.session_scope(engine) as session:
        load_roadmap(session=session, bundle=load_bundle())
    return engine


@pytest.fixture
def site():
    from samples.routing import serve_routed
    from samples.server import SITES_DIR, SampleSite

    with SampleSite(SITES_DIR / SOURCE) as s, serve_routed({SOURCE: s}):
        yield s


def _wait_for_events(resource_ids: set[str], name: str, timeout: float = 30) -> set[str]:
    """Resource ids of ``name`` events seen among ``resource_ids``, waiting until all arrive or ``timeout``."""
    def seen() -> set[str] | None:
        ids = {e["resource"]["prefect.resource.id"] for e in read_events(name, resource_ids=sorted(resource_ids))}
        return ids if ids == resource_ids else None

    return wait_until(seen, timeout=timeout, what=f"{name} events for {sorted(resource_ids)}", interval=0.3)


def _count(engine, table) -> int:
    from models import db

    with db.session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


def test_ingest_emits_one_event_per_new_document(prefect_harness, roadmap_loaded, site):
    from flows.pipeline_flows import ingest_source_flow

    result = ingest_source_flow(source_name=SOURCE, polite_delay=0)
    assert result["new"] > 0 and result["error"] is None
    expected = {f"roadmap.document.{i}" for i in result["document_ids"]}
    assert _wait_for_events(expected, "roadmap.document.ingested") == expected
    event = read_events("roadmap.document.ingested", resource_ids=sorted(expected))[0]
    assert {"prefect.resource.id": f"roadmap.source.{SOURCE}", "prefect.resource.name": SOURCE,
            "prefect.resource.role": "source"}.items() <= next(
        r for r in event["related"] if r["prefect.resource.role"] == "source").items()

    again = ingest_source_flow(source_name=SOURCE, polite_delay=0)
    assert again["new"] == 0 and again["revised"] == 0 and again["document_ids"] == []


def test_process_documents_turns_documents_into_suggestions_once(prefect_harness, roadmap_loaded, site):
    from flows.pipeline_flows import ingest_source_flow, process_documents_flow
    from models.tables import Evidence, Mention

    ingest_source_flow(source_name=SOURCE, polite_delay=0)
    first = process_documents_flow()
    assert first["documents"] > 0 and first["suggestions"] > 0
    expected = {f"roadmap.evidence.{i}" for i in first["evidence_ids"]}
    assert _wait_for_events(expected, "roadmap.evidence.suggested") == expected
    evidence, mentions = _count(roadmap_loaded, Evidence), _count(roadmap_loaded, Mention)

    second = process_documents_flow()
    assert second["documents"] == 0 and second["suggestions"] == 0
    assert (_count(roadmap_loaded, Evidence), _count(roadmap_loaded, Mention)) == (evidence, mentions)


def test_overlapping_monitor_runs_leave_no_duplicates(prefect_harness, roadmap_loaded, site):
    from flows.pipeline_flows import monitor_flow
    from models.tables import Document, DocumentRevision

    def run():
        return monitor_flow(sources=[SOURCE], polite_delay=0)

    with ThreadPoolExecutor(max_workers=2) as pool:  # two runs at once, no host limit to keep them apart
        results = [f.result() for f in [pool.submit(run), pool.submit(run)]]
    new = sum(r[0].get("new", 0) for r in results)
    documents = _count(roadmap_loaded, Document)
    assert documents > 0 and new == documents  # each document stored by exactly one of the runs
    assert _count(roadmap_loaded, DocumentRevision) == documents
    from models import db

    with db.session_scope(roadmap_loaded) as session:
        urls = session.exec(select(Document.canonical_url)).all()
    assert len(urls) == len(set(urls))


def test_automations_are_created_once_per_webhook_and_replaced_on_rerun(prefect_harness, engine):
    from prefect.client.orchestration import get_client

    from flows.automations import EVIDENCE_AUTOMATION, HEALTH_AUTOMATION, create_automations
    from flows.crash_detection import CRASH_AUTOMATION

    for _ in range(2):
        result = create_automations(evidence_url="http://127.0.0.1:9/evidence", health_url="http://127.0.0.1:9/health",
                                    allow_private_urls=True)
    assert result.created == [CRASH_AUTOMATION, EVIDENCE_AUTOMATION, HEALTH_AUTOMATION]
    with get_client(sync_client=True) as client:
        evidence = client.read_automations_by_name(EVIDENCE_AUTOMATION)
        health = client.read_automations_by_name(HEALTH_AUTOMATION)
    assert len(evidence) == 1 and len(health) == 1
    assert evidence[0].trigger.expect == {"roadmap.evidence.suggested"}
    assert "roadmap.source.unhealthy" in health[0].trigger.expect
    assert evidence[0].actions[0].block_document_id != health[0].actions[0].block_document_id
