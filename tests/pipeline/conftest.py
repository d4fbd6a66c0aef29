"""Fixtures of the pipeline tests."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from config.roadmap_data import load_bundle
from models.roadmaps import load_roadmap
from tests.support.link_fixtures import make_document, make_sources
from tests.support.stub_extraction import GAZETTEER, NAME, fake_extract


@pytest.fixture
def pipeline(engine, tmp_path, monkeypatch):
    """The roadmap loaded, extraction stubbed (one gazetteer name) and three documents: (engine, documents)."""
    from config.settings import get_settings

    gaz = tmp_path / "entities.yaml"
    gaz.write_text(GAZETTEER, encoding="utf-8")
    monkeypatch.setenv("ROADMAP_ENTITIES_FILE", str(gaz))
    get_settings.cache_clear()
    monkeypatch.setattr("extractors.extract.extract_mentions", fake_extract)
    with Session(engine, expire_on_commit=False) as s:
        load_roadmap(session=s, bundle=load_bundle())
        src = make_sources(s)
        body = f"Japan and Canada: the {NAME} entered into force. Officials met."
        docs = [make_document(s, src["mofa_press_ja"], "https://mofa.test/m", dt.date(2026, 5, 2), body),
                make_document(s, src["gac_news_en"], "https://gac.test/m", dt.date(2026, 5, 1), body),
                make_document(s, src["gac_news_en"], "https://gac.test/other", dt.date(2026, 5, 1), "Nothing here.")]
        s.commit()
    return engine, docs
