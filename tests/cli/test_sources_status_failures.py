"""`roadmap sources status` names each failure, shows pages that failed and a source backing off;
`roadmap run` skips a source backing off unless --ignore-backoff."""
from __future__ import annotations

import json


from tests.support.adhoc_site import adhoc_site_fixtures


site_root, site_setup = adhoc_site_fixtures()


def status_row(cli, name: str) -> dict:
    code, out, err = cli("sources", "status", "--format", "json")
    assert code == 0, err
    return next(r for r in json.loads(out) if r["name"] == name)


def test_page_failures_of_a_backfill_are_named_and_shown(cli, site):
    assert cli("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA")[0] == 0
    site.set_fault("/news/2.html", "404")
    site.set_fault("/news/3.html", "403")
    assert cli("run", "--source", "sample_feed", "--since", "2026-01-01")[0] == 0
    row = status_row(cli, "sample_feed")
    assert row["healthy"] and row["failure"] is None  # one release was read: the source works
    kinds = {p["url"].rsplit("/", 1)[1]: p["failure"] for p in row["page_failures"]}
    assert kinds == {"2.html": "moved", "3.html": "blocked"}
    code, out, _ = cli("sources", "status")
    assert code == 0 and f"moved: {site.url}/news/2.html" in out and f"blocked: {site.url}/news/3.html" in out

    site.clear_faults()  # the pages come back: they leave the list
    assert cli("run", "--source", "sample_feed", "--since", "2026-01-01")[0] == 0
    assert status_row(cli, "sample_feed")["page_failures"] == []


def test_a_source_told_to_wait_is_skipped_and_says_until_when(cli, site):
    assert cli("sources", "add", "sample_feed", site.url + "/feed.xml", "--country", "CA")[0] == 0
    site.set_fault("/feed.xml", "429", retry_after=3600)
    assert cli("run", "--source", "sample_feed")[0] == 0
    row = status_row(cli, "sample_feed")
    assert not row["healthy"] and row["failure"] == "unavailable" and row["backing_off_until"]
    code, out, _ = cli("sources", "status")
    assert "backing off until" in out and "unavailable" in out

    site.clear_faults()
    asked = len(site.requests_for("/feed.xml"))
    code, out, _ = cli("run", "--source", "sample_feed")
    assert code == 0 and "backing off until" in out and len(site.requests_for("/feed.xml")) == asked
    code, out, _ = cli("run", "--source", "sample_feed", "--ignore-backoff")
    assert code == 0 and len(site.requests_for("/feed.xml")) == asked + 1
    row = status_row(cli, "sample_feed")
    assert row["healthy"] and row["backing_off_until"] is None and row["documents"] == 3
