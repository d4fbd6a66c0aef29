"""A disabled source cannot be run by name: a clear error, nothing fetched, no run row."""
from __future__ import annotations

import pytest
import yaml
from sqlmodel import select

from models.tables import SourceRun
from pipeline.ingest import ingest_source
from sources.errors import SourceConfigError, SourceDisabled


class NoFetching:
    def __getattr__(self, name):
        raise AssertionError(f"a disabled source was fetched ({name})")


def test_a_disabled_source_is_refused_by_name(engine, monkeypatch, tmp_path):
    from config.settings import get_settings

    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": {"off_news_en": {
        "ministry": "GAC", "country": "CA", "language": "en", "kind": "rss",
        "url": "https://off.example/feed.xml", "enabled": False}}}), encoding="utf-8")
    monkeypatch.setenv("ROADMAP_SOURCES_FILE", str(sources))
    get_settings.cache_clear()
    with pytest.raises(SourceDisabled, match="'off_news_en' is disabled") as raised:
        ingest_source(source_name="off_news_en", engine=engine, fetcher=NoFetching())
    assert isinstance(raised.value, SourceConfigError)  # the CLI shows it as a user error, no traceback
    with engine.connect() as conn:
        assert conn.execute(select(SourceRun)).first() is None
