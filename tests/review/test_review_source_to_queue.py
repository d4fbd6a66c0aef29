"""A source added and back-filled from the UI reaches the review queue with nobody running
`roadmap process` (issue 16): the real hooks of `roadmap ui`, a local sample site, the real pipeline."""
from __future__ import annotations

import time

import pytest
from sqlmodel import Session, select

from cli.ui_cmd import ui_source_hooks
from config.settings import get_settings
from models.tables import Document, Evidence, Source
from review.app import create_app
from tests.support.review_seed import seed
from sources.config import KINDS, LANGUAGES
from tests.support.sample_feeds import NEW_SOURCE
from tests.support.web_client import client_for

pytestmark = pytest.mark.slow


def _wait_for(what: str, check, timeout: float):
    """check()'s first truthy value; fails with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.2)  # polling the page, with a deadline
    return value


def test_an_added_source_s_releases_reach_the_queue(engine, monkeypatch, new_sample_site):
    from config.roadmap_data import load_bundle
    from models.roadmaps import load_roadmap

    monkeypatch.setenv("ROADMAP_PER_HOST_DELAY", "0")
    get_settings.cache_clear()
    with Session(engine, expire_on_commit=False) as s:
        seed(s)
        load_roadmap(session=s, bundle=load_bundle())
    register, backfill, process = ui_source_hooks(engine)
    app = create_app(engine, register_source=register, start_backfill=backfill, process_documents=process,
                     source_kinds=KINDS, source_langs=LANGUAGES)
    client = client_for(app, "ana")
    r = client.post("/sources", data={"csrf_token": client.csrf, "name": NEW_SOURCE, "url": new_sample_site,
                                      "kind": "rss", "lang": "en", "country": "JP"})
    assert r.status_code == 303
    def finished_page():
        text = client.get("/sources").text
        return text if any(f"job-{state}" in text for state in ("processed", "stored", "failed", "refused")) else None

    page = _wait_for("the addition to be processed", finished_page, 300)
    assert "job-processed" in page, page[page.find('class="source-jobs"'):][:2000]

    with Session(engine) as s:
        docs = s.exec(select(Document.id).join(Source).where(Source.name == NEW_SOURCE)).all()
        queued = s.exec(select(Evidence.id).where(Evidence.document_id.in_(docs),
                                                  Evidence.status == "suggested")).all()
    assert len(docs) >= 2 and queued
    assert f"processed: {len(queued)} suggestions" in page
    queue = client.get(f"/review?source={NEW_SOURCE}").text
    shown = [ev for ev in queued if f'id="item-{ev}"' in queue]
    assert shown, queue[:3000]
