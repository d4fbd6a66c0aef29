"""Workers keep no state: flows run from a throwaway working folder write nothing there nor under ROADMAP_HOME.

Every worker setting is in the environment (ROADMAP_DATABASE_URL, ROADMAP_SOURCES_FILE, PREFECT_API_URL);
digests and the statuses the next digest compares with live in the app database.
"""
from __future__ import annotations

import pytest
from sqlmodel import select

pytestmark = pytest.mark.prefect
SOURCE = "gac_news_en"


@pytest.fixture
def roadmap_loaded(engine):
    from config.roadmap_data import load_bundle
    from models import db
    from models.roadmaps import load_roadmap

    with db.session_scope(engine) as session:
        load_roadmap(session=session, bundle=load_bundle())
    return engine


def test_flows_from_a_temporary_working_folder_leave_no_state_on_the_worker(prefect_harness, roadmap_loaded,
                                                                            monkeypatch, tmp_path):
    from config.settings import get_settings
    from flows.digest import digest_flow
    from flows.pipeline_flows import ingest_source_flow, process_documents_flow
    from models import db, digests
    from models.tables import Commitment
    from samples.routing import serve_routed
    from samples.server import SITES_DIR, SampleSite

    workdir, home = tmp_path / "run-folder", tmp_path / "worker-home"
    workdir.mkdir()
    monkeypatch.chdir(workdir)  # as a process worker runs each flow run: a temporary folder
    monkeypatch.setenv("ROADMAP_HOME", str(home))
    get_settings.cache_clear()
    with SampleSite(SITES_DIR / SOURCE) as site, serve_routed({SOURCE: site}):
        assert ingest_source_flow(source_name=SOURCE, polite_delay=0)["new"] > 0
    process_documents_flow()
    first = digest_flow(period="weekly")
    with db.session_scope(roadmap_loaded) as session:
        commitment = session.exec(select(Commitment).order_by(Commitment.id)).first()
        old_status = commitment.status
        commitment.status = "achieved" if old_status != "achieved" else "overdue"
        session.add(commitment)
    second = digest_flow(period="weekly")  # any worker: the baseline is in the database

    assert list(workdir.iterdir()) == [] and not home.exists()
    with db.session_scope(roadmap_loaded) as session:
        assert digests.get_digest(session=session, digest_id=first).statuses[commitment.cid] == old_status
        stored = digests.latest_digest(session=session, period="weekly")
    assert stored.id == second and f"`{commitment.cid}`: {old_status}" in stored.markdown
