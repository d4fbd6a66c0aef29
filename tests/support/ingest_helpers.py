"""Shared setup for the ingest tests: a copy of a bundled sample site, a fast fetcher, the rows a run leaves."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, select

from models.tables import Document, Source
from samples.server import SITES_DIR, SampleSite
from tests.support.http_helpers import fast_fetcher


def sample_copy(name: str, tmp_path: Path, *, folder: str | None = None) -> Path:
    """A private copy of the bundled sample site ``samples/sites/<name>`` under ``tmp_path`` (tests may change it)."""
    root = tmp_path / (folder or name)
    shutil.copytree(SITES_DIR / name, root)
    return root


def served_copy(name: str, tmp_path: Path) -> SampleSite:
    """A started SampleSite serving a private copy of ``samples/sites/<name>`` (the caller stops it)."""
    return SampleSite(sample_copy(name, tmp_path)).start()


def strict_safety(monkeypatch) -> None:
    """Refuse every internal address except the fixture server's 127.0.0.1, so redirects elsewhere
    are refused exactly as in production (and never leave this machine)."""
    import ipaddress

    import sources.urlsafety as urlsafety

    real, fixture = urlsafety.unsafe_reason, ipaddress.ip_address("127.0.0.1")
    monkeypatch.setattr(urlsafety, "unsafe_reason", lambda a: None if a == fixture else real(a))


def fetcher_for_tests(**overrides):
    """A fetcher with no politeness delays; with ``allow_private_urls=False`` use ``strict_safety`` too."""
    overrides.setdefault("read_timeout", 1.0)
    fetcher, _sleep = fast_fetcher(**overrides)
    return fetcher


def strict_fetcher(monkeypatch):
    """A fast fetcher that refuses every internal address but the fixture server's (closes after use)."""
    strict_safety(monkeypatch)
    # 1 s: well under the 'slow' faults (1.5 s and more), yet above a loaded machine's answer times; timeouts
    # are no longer retried, so a shorter one lost pages of the clean reference runs under load.
    fetcher = fetcher_for_tests(read_timeout=1.0, allow_private_urls=False)
    try:
        yield fetcher
    finally:
        fetcher.close()


def documents(engine) -> list[Document]:
    with Session(engine) as s:
        return list(s.exec(select(Document).order_by(Document.canonical_url)).all())


def source_row(engine, name: str) -> Source:
    with Session(engine) as s:
        return s.exec(select(Source).where(Source.name == name)).one()


def source_site_fixtures(name: str):
    """(site_root, site_source) fixtures: the shared `site` serves a private copy of source ``name``'s sample
    site (tests may change it) and answers that source's real URLs. Use: ``site_root, site_source = …``."""
    @pytest.fixture
    def site_root(tmp_path):
        return sample_copy(name, tmp_path)

    @pytest.fixture
    def site_source():
        return name

    return site_root, site_source
