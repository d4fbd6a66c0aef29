"""`roadmap samples serve`: the sample sites on this machine, a sources file pointing at them, nothing leaving it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import yaml

from demo.local_sources import SOURCE_HOSTS, serve_as_sources, write_sources_file
from sources.config import load_sources
from tests.support.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["gac_news_en", "mofa_press_en"]


def _wait_for_sources(path: Path, proc: subprocess.Popen, timeout: float = 60) -> dict:
    def sources() -> dict | None:
        return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("sources") if path.exists() else None

    return wait_until(sources, timeout=timeout, what="the sources file", proc=proc)


def test_the_sample_sources_are_read_offline_through_the_sources_file(engine, monkeypatch, tmp_path):
    from config.settings import get_settings
    from pipeline.ingest import ingest_source
    from sources.http import Fetcher

    sites, entries = serve_as_sources(names=NAMES)
    try:
        path = write_sources_file(tmp_path / "sources.yaml", entries)
        configs = {cfg.name: cfg for cfg in load_sources(path)}
        assert set(configs) == set(NAMES)
        for name, cfg in configs.items():
            assert cfg.url.startswith(sites[name].url + "/") and cfg.politeness == 0
        monkeypatch.setenv("ROADMAP_SOURCES_FILE", str(path))
        get_settings.cache_clear()
        fetcher = Fetcher(polite_delay=0)
        try:
            summary = ingest_source(source_name="mofa_press_en", engine=engine, fetcher=fetcher)
        finally:
            fetcher.close()
        assert summary.new > 0 and summary.error is None and summary.failed == 0
        asked = {r.path for r in sites["mofa_press_en"].requests}
        assert len(asked) > summary.new  # the listing and every release came from the local server
        listing = httpx.get(configs["gac_news_en"].url, timeout=10).content
        assert not SOURCE_HOSTS.search(listing)
    finally:
        for site in sites.values():
            site.stop()


@pytest.mark.slow  # a `roadmap`/python subprocess: seconds of imports
def test_samples_serve_command_writes_the_file_and_stops_on_sigterm(tmp_path):
    path = tmp_path / "fleet" / "sample-sources.yaml"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "samples", "serve", "--sources-file", str(path),
                             "--source", NAMES[0], "--schedule", "*/5 * * * *"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        entries = _wait_for_sources(path, proc)
        assert list(entries) == [NAMES[0]] and entries[NAMES[0]]["schedule"] == "*/5 * * * *"
        assert httpx.get(entries[NAMES[0]]["url"], timeout=10).status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "sample sites stopped" in out and "ROADMAP_SOURCES_FILE=" in out


@pytest.mark.slow  # a `roadmap`/python subprocess: seconds of imports
def test_an_unknown_sample_source_is_a_clear_error(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-m", "cli.main", "samples", "serve", "--source", "no_such_site",
                          "--sources-file", str(tmp_path / "s.yaml")], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "no_such_site" in out.stderr and "Traceback" not in out.stderr
    with pytest.raises(FileNotFoundError):
        serve_as_sources(names=["no_such_site"])
