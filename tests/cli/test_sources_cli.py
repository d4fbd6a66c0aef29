"""The sources CLI: add a feed and an unseen HTML listing, list, status, documents, run, refusals."""
from __future__ import annotations

import json
import sys

import pytest
from rich.console import Console

from cli import sources_cmd
from config.settings import get_settings
from tests.support.adhoc_site import adhoc_site_fixtures


site_root, site_setup = adhoc_site_fixtures()


def test_add_a_feed_detects_it_shows_items_and_registers_it(cli, site):
    code, out, err = cli("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA", "--lang", "en")
    assert code == 0, err
    assert "rss (detected)" in out and "3 items" in out and "Sample meeting on energy" in out
    code, out, _ = cli("sources", "list", "--format", "json")
    row = next(r for r in json.loads(out) if r["name"] == "sample_feed")
    assert (row["kind"], row["origin"], row["country"]) == ("rss", "adhoc", "CA")


def test_run_twice_then_status(cli, site):
    assert cli("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA")[0] == 0
    code, out, _ = cli("run", "--source", "sample_feed")
    assert code == 0 and "sample_feed" in out
    assert len(json.loads(cli("documents", "--format", "json")[1])) == 3
    cli("run", "--source", "sample_feed")
    assert [r.status for r in site.requests_for("/feed.xml")][-1] == 304
    assert len(json.loads(cli("documents", "--format", "json")[1])) == 3
    code, out, _ = cli("sources", "status")
    assert code == 0 and "sample_feed" in out


def test_run_speaks_json_with_progress_off_stdout(cli, site):
    assert cli("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA")[0] == 0
    code, out, err = cli("run", "--source", "sample_feed", "--format", "json")
    assert code == 0, err
    [summary] = json.loads(out)
    assert (summary["source"], summary["new"], summary["failed"], summary["error"]) == ("sample_feed", 3, 0, None)
    assert len(summary["document_ids"]) == 3
    again = json.loads(cli("run", "--source", "sample_feed", "--format", "json")[1])
    assert (again[0]["new"], again[0]["document_ids"]) == (0, [])


@pytest.mark.slow  # a `roadmap`/python subprocess: seconds of imports
def test_piped_run_json_keeps_its_progress_lines_on_stderr(site, tmp_path):
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROADMAP_")}
    env.update(ROADMAP_HOME=str(tmp_path / "home"), ROADMAP_ALLOW_PRIVATE_URLS="1", ROADMAP_PER_HOST_DELAY="0",
               PYTHONPATH=str(root))

    def roadmap(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=root, env=env, capture_output=True,
                              text=True, timeout=180)

    assert roadmap("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA").returncode == 0
    proc = roadmap("run", "--source", "sample_feed", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert [s["new"] for s in json.loads(proc.stdout)] == [3]
    assert "sample_feed: fetched 3, new 3" in proc.stderr  # the progress log, not mixed into the JSON


@pytest.mark.parametrize("url", ["http://127.0.0.1:1/feed.xml", "http://2130706433/", "http://[::ffff:127.0.0.1]/",
                                 "http://169.254.169.254/latest/meta-data/", "http://localhost/", "file:///etc/passwd"])
def test_unsafe_urls_are_refused_with_one_clear_line(cli, monkeypatch, url):
    monkeypatch.setenv("ROADMAP_ALLOW_PRIVATE_URLS", "0")
    get_settings.cache_clear()
    code, out, err = cli("sources", "add", "evil", url, "--country", "JP")
    assert code == 2 and "error:" in err and "Traceback" not in err
    assert "ROADMAP_ALLOW_PRIVATE_URLS" in err or "http and https" in err or "internal name" in err
    assert "evil" not in cli("sources", "list", "--format", "json")[1]


def test_unknown_source_and_bad_date_are_one_line_errors(cli):
    code, _, err = cli("run", "--source", "nope")
    assert code == 2 and "No source called 'nope'" in err
    code, _, err = cli("documents", "--since", "yesterday")
    assert code != 0 and "2026-03-06" in err


def test_page_without_releases_is_not_registered(cli, site):
    site.set_page("/empty.html", "<html><body><p>nothing here</p></body></html>")
    code, _, err = cli("sources", "add", "empty", site.url + "/empty.html", "--country", "JP")
    assert code == 2 and "error:" in err and "empty.html" in err


def test_a_name_in_use_for_another_url_is_refused_before_fetching(cli, site):
    assert cli("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA")[0] == 0
    code, _, err = cli("sources", "add", "sample_feed", site.url + "/news/index.html", "--country", "CA")
    assert code == 2 and "already registered" in err and "Traceback" not in err
    assert site.requests_for("/news/index.html") == []  # refused before the sample fetch
    row = next(r for r in json.loads(cli("sources", "list", "--format", "json")[1]) if r["name"] == "sample_feed")
    assert (row["url"], row["kind"]) == (site.url + "/feed.xml", "rss")


def test_the_same_name_and_url_again_is_accepted(cli, site):
    assert cli("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA")[0] == 0
    code, out, err = cli("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA")
    assert code == 0, err
    assert "registered source 'sample_feed'" in out


def test_a_malformed_name_is_refused_before_fetching(cli, site):
    code, _, err = cli("sources", "add", "Bad-Name", site.url + "/feed.xml", "--country", "CA")
    assert code == 2 and "lower_snake_case" in err
    assert site.requests_for("/feed.xml") == []


def test_piped_status_keeps_every_name_whole(cli, site, monkeypatch):
    long_name = "my_listing_of_sample_releases_with_a_long_name"
    assert cli("sources", "add", long_name, site.url + "/news/index.html", "--country", "JP")[0] == 0
    monkeypatch.setattr(sources_cmd, "console", Console())  # as piped: not a terminal, 80 columns
    code, out, _ = cli("sources", "status")
    assert code == 0 and long_name in out and "…" not in out
    assert "mofa_press_ja" in out


def test_status_as_json_has_every_field(cli, site):
    assert cli("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA")[0] == 0
    assert cli("run", "--source", "sample_feed")[0] == 0
    code, out, err = cli("sources", "status", "--format", "json")
    assert code == 0, err
    row = next(r for r in json.loads(out) if r["name"] == "sample_feed")
    assert set(row) >= {"name", "healthy", "last_success", "last_error", "consecutive_failures",
                        "next_attempt_at", "documents", "recent_runs"}
    assert row["healthy"] is True and row["documents"] == 3 and row["consecutive_failures"] == 0
    assert row["last_success"] and row["last_error"] is None and row["next_attempt_at"] is None
    assert [(r["new"], r["failed"], r["error"]) for r in row["recent_runs"]] == [(3, 0, None)]
