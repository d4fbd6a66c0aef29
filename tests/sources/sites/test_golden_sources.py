"""Every configured source's sample site, parsed, against its golden file tests/sources/golden/<name>.json:
config essentials, listing items and older pages, and each release's title, date, language, type and body.
`pytest tests/sources/sites --update-golden` rewrites the files; review their diff before committing."""
from __future__ import annotations

import pytest

from sources.config import load_sources
from tests.support.golden_summary import UPDATE_HINT, dumps, golden_path, mismatch_report, summary

NAMES = [cfg.name for cfg in load_sources()]


@pytest.mark.parametrize("name", NAMES)
def test_source_matches_its_golden_file(name, request):
    got = dumps(summary(name))
    path = golden_path(name)
    if request.config.getoption("--update-golden"):
        path.write_text(got, encoding="utf-8")
        return
    assert path.is_file(), f"{path} is missing; {UPDATE_HINT}"
    want = path.read_text(encoding="utf-8")
    if got != want:
        pytest.fail(mismatch_report(name, want, got), pytrace=False)


def test_every_golden_file_is_a_configured_source():
    stray = {p.stem for p in golden_path("x").parent.glob("*.json")} - set(NAMES)
    assert not stray, f"golden files of sources no longer configured: {sorted(stray)}"


@pytest.mark.parametrize("name", NAMES)
def test_every_listed_release_has_a_sample_page_and_a_date(name):
    data = summary(name)
    assert data["releases"], f"{name}: the sample listing yields no release"
    for url, got in data["releases"].items():
        assert got != "no sample page", f"{name}: {url} is listed but the sample site lacks it"
        assert got["title"] and got["body"]["chars"] > 0 and got["published"], url
        assert got["published"] <= data["fetched_on"], url


def test_a_mismatch_says_how_to_update_and_shows_the_changed_field():
    want = dumps({"releases": {"https://example.org/1": {"title": "T", "content_type": "statement"}}})
    got = want.replace('"statement"', '"news-release"')
    report = mismatch_report("nrcan_news_en", want, got)
    assert "--update-golden" in report and "golden/nrcan_news_en.json" in report
    assert '-   "content_type": "statement"' in report and '+   "content_type": "news-release"' in report
