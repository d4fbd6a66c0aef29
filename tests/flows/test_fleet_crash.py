"""After a run died mid-way (a lost worker): the next run of the source closes its run row and announces its documents."""
from __future__ import annotations

import pytest
from sqlmodel import select

from tests.support.prefect_events import read_events
from tests.support.waiting import wait_until

pytestmark = pytest.mark.prefect
SOURCE = "dnd_news_fr"  # no other Prefect test announces its documents (one harness per session)


def _wait_for_events(resource_ids: set[str], timeout: float = 30) -> set[str]:
    def seen() -> set[str] | None:
        ids = {e["resource"]["prefect.resource.id"]
               for e in read_events("roadmap.document.ingested", resource_ids=sorted(resource_ids))}
        return ids if ids >= resource_ids else None

    return wait_until(seen, timeout=timeout, what=f"ingested events for {sorted(resource_ids)}", interval=0.3)


def test_the_next_run_closes_a_crashed_runs_row_and_announces_its_documents(prefect_harness, engine):
    from prefect.client.orchestration import get_client

    from flows.pipeline_flows import ingest_source_flow
    from models import db, sources_repo
    from models.tables import Source, SourceRun
    from pipeline.ingest import ingest_source
    from pipeline.pipeline_state import ABANDONED_RUN, host_limit_name, source_url
    from samples.routing import serve_routed
    from samples.server import SITES_DIR, SampleSite
    from sources.http import Fetcher

    with SampleSite(SITES_DIR / SOURCE) as site, serve_routed({SOURCE: site}):
        # The crashed run: it stored documents (no events: it died before announcing) and left its row open.
        fetcher = Fetcher(polite_delay=0)
        try:
            stored = ingest_source(source_name=SOURCE, engine=engine, fetcher=fetcher)
        finally:
            fetcher.close()
        assert stored.new > 0
        with db.session_scope(engine) as session:
            source_id = session.exec(select(Source.id).where(Source.name == SOURCE)).one()
            crashed = sources_repo.start_run(session=session, source_id=source_id).id

        again = ingest_source_flow(source_name=SOURCE, polite_delay=0)

    assert again["new"] == 0  # nothing new to read, yet the crashed run's documents are announced now
    expected = {f"roadmap.document.{i}" for i in stored.document_ids}
    assert _wait_for_events(expected) >= expected
    with db.session_scope(engine) as session:
        row = session.get(SourceRun, crashed)
        assert row.finished_at is not None and row.error == ABANDONED_RUN
        assert session.exec(select(SourceRun).where(SourceRun.finished_at == None)).all() == []  # noqa: E711
    with get_client(sync_client=True) as client:
        limit = client.read_global_concurrency_limit_by_name(host_limit_name(source_url(SOURCE)))
    assert limit.active_slots == 0  # created at run time (never deployed) and released
