"""``roadmap sources check``: saved pages (ours and the real ones), live pages from the sample server, --all."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from cli import sources_cmd
from cli.errors import run_cli
from cli.main import app
from config.settings import get_settings, CONFIG_DIR
from samples.server import SITES_DIR, SampleSite
from sources.check import check_page, listing_problems
from demo.local_sources import rebase_url
from sources.config import load_sources
from sources.release import ListingItem
from tests.support.shared_material import SHARED_DIR

REPO = Path(__file__).resolve().parents[2]
SHARED = SHARED_DIR
GAC_FEED = SITES_DIR / "gac_news_en" / "io-server" / "gc" / "news" / "en" / "v2"
GAC_ROADMAP = "/en/global-affairs/news/2026/03/canada-and-japan-launch-comprehensive-strategic-roadmap.html"
PMO_READOUT = "/en/news/readouts/2026/11/19/prime-minister-carney-speaks-prime-minister-japan-takaichi-sanae"


@pytest.fixture
def cli(monkeypatch, capsys):
    monkeypatch.setattr(sources_cmd, "console", Console(width=250))
    get_settings.cache_clear()

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["roadmap", *args])
        code = run_cli(app)
        out = capsys.readouterr()
        return code, out.out, out.err

    yield invoke
    get_settings.cache_clear()


def real(*parts: str) -> Path:
    path = SHARED.joinpath("real-pages", *parts)
    if not path.is_file():
        pytest.skip("../shared/real-pages not present")
    return path


# --- saved pages -------------------------------------------------------------------------------

def test_feed_file_json_gives_every_item_with_url_title_and_date(cli):
    code, out, err = cli("sources", "check", "gac_news_en", "--file", str(GAC_FEED), "--as", "feed",
                         "--fetched", "2026-11-27", "--format", "json")
    assert code == 0, err
    got = json.loads(out)
    assert set(got) == {"source", "as", "items", "next_page", "problems"}
    assert (got["source"], got["as"], got["next_page"], got["problems"]) == ("gac_news_en", "feed", None, [])
    assert len(got["items"]) == 5
    assert got["items"][3] == {"url": "https://www.canada.ca" + GAC_ROADMAP, "published": "2026-03-06",
                               "title": "Canada and Japan launch Comprehensive Strategic Roadmap"}


def test_article_file_json_gives_title_date_lang_and_body_size(cli):
    page = SITES_DIR / "gac_news_en" / GAC_ROADMAP.lstrip("/")
    code, out, err = cli("sources", "check", "gac_news_en", "--file", str(page), "--as", "article",
                         "--url", "https://www.canada.ca" + GAC_ROADMAP, "--format", "json")
    assert code == 0, err
    got = json.loads(out)
    assert set(got) == {"source", "as", "url", "title", "published", "lang", "body_chars", "problems"}
    assert (got["title"], got["published"], got["lang"]) == (
        "Canada and Japan launch Comprehensive Strategic Roadmap", "2026-03-06", "en")
    assert got["url"] == "https://www.canada.ca" + GAC_ROADMAP and got["body_chars"] > 500


def test_article_date_from_the_url_given(cli):
    page = SITES_DIR / "pmo_news_en" / PMO_READOUT.lstrip("/")
    code, out, _ = cli("sources", "check", "pmo_news_en", "--file", str(page), "--as", "article",
                       "--url", "https://www.pm.gc.ca" + PMO_READOUT, "--format", "json")
    assert code == 0 and json.loads(out)["published"] == "2026-11-19"


def test_table_output_names_items(cli):
    code, out, _ = cli("sources", "check", "gac_news_en", "--file", str(GAC_FEED), "--fetched", "2026-11-27")
    assert code == 0 and "5 items" in out and "2026-03-06" in out and "no problems found" in out


def test_a_page_the_parser_refuses_is_a_problem_with_exit_1(cli, tmp_path):
    page = tmp_path / "moved.html"
    page.write_text("<html><body><main><h1>Page moved</h1><p>Sample: nothing here.</p></main></body></html>")
    code, out, _ = cli("sources", "check", "gac_news_en", "--file", str(page), "--as", "article",
                       "--url", "https://www.canada.ca/en/x.html", "--format", "json")
    assert code == 1
    assert json.loads(out)["problems"] == [
        "layout changed: title selector 'h1#wb-cont' matches nothing (https://www.canada.ca/en/x.html)"]


def test_real_release_excerpt(cli):
    page = real("canada", "ircc_news_release_2025-03-20_EXCERPT.html")
    code, out, err = cli("sources", "check", "dnd_news_en", "--file", str(page), "--as", "article", "--url",
                         "https://www.canada.ca/en/immigration-refugees-citizenship/news/2025/03/r.html",
                         "--format", "json")
    assert code == 0, out + err
    got = json.loads(out)
    assert (got["published"], got["lang"], got["problems"]) == ("2025-03-20", "en", [])
    assert got["title"].startswith("The Government of Canada") and got["body_chars"] > 200


def test_real_api_feed_excerpt_local_dates(cli):
    page = real("canada", "api_io_agriculture_2025-09-25_EXCERPT.xml")
    code, out, _ = cli("sources", "check", "nrcan_news_en", "--file", str(page), "--as", "feed",
                       "--fetched", "2025-09-25", "--format", "json")
    got = json.loads(out)
    assert code == 0 and [i["published"] for i in got["items"]] == ["2025-09-03", "2025-08-01", "2025-08-08"]


@pytest.mark.parametrize("args, message", [
    (["nope", "--as", "feed"], "unknown source 'nope'"),
    (["gac_news_en", "--file", "/no/such/page.html"], "--file: no such file"),
    (["gac_news_en", "--as", "sitemap"], "--as: 'sitemap'; expected one of listing, feed, article"),
    (["gac_news_en", "--fetched", "2026-02-30"], "--fetched: '2026-02-30' is not a date"),
    (["gac_news_en", "--as", "article"], "--as article needs the release's --url"),
    ([], "give a source NAME"),
    (["gac_news_en", "--all"], "--all checks every enabled source live"),
])
def test_bad_input_is_one_clear_line(cli, args, message):
    code, out, err = cli("sources", "check", *args)
    assert code == 2 and message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


# --- the pure part ----------------------------------------------------------------------------

def test_listing_problems_name_undated_relative_untitled_and_repeated_items():
    items = [ListingItem(url="https://x.example/a", title="A", published=date(2026, 1, 2)),
             ListingItem(url="https://x.example/b", title="B"),
             ListingItem(url="/c", title="", published=date(2026, 1, 1)),
             ListingItem(url="https://x.example/a", title="A again", published=date(2031, 1, 1))]
    problems = listing_problems(items, fetched_on=date(2026, 1, 3))
    assert problems == ["1 of 4 items have no date (first: https://x.example/b)",
                        "1 items dated out of range (first: 2031-01-01 https://x.example/a)",
                        "1 item URLs are not absolute http(s) URLs (first: /c)",
                        "1 items have no title (first: /c)", "1 item URLs are repeated"]


def test_a_feed_source_page_can_be_checked_as_an_html_listing():
    cfg = next(c for c in load_sources() if c.name == "newswire_cnw_en")
    feed = GAC_FEED.read_bytes()
    got = check_page(cfg, feed, as_="feed", url="https://www.canada.ca/feed", fetched_on=date(2026, 11, 27))
    assert len(got.items) == 5 and got.problems == []


# --- live: the sample server, and --all ---------------------------------------------------------

def _served_entry(raw: dict, name: str, site: SampleSite) -> dict:
    entry = dict(raw[name], politeness=0)
    entry["url"] = rebase_url(entry["url"], site.url)
    return entry


def _serve_with_links_home(site: SampleSite, feed_path: str, real_host: str) -> None:
    """Serve the site's feed with its release links pointing at the sample server instead of the real host."""
    feed = (site.root / feed_path.lstrip("/")).read_text(encoding="utf-8")
    site.set_page(feed_path, feed.replace(real_host, site.url))


@pytest.fixture
def served(tmp_path, monkeypatch):
    """Four configured sources on sample servers: two healthy, one blocked (403), one with a changed page."""
    raw = yaml.safe_load((CONFIG_DIR / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    sites = {name: SampleSite(SITES_DIR / name).start() for name in ("gac_news_en", "pmo_news_en", "dnd_news_en",
                                                                     "nrcan_news_en")}
    feed = "/io-server/gc/news/en/v2"
    _serve_with_links_home(sites["gac_news_en"], feed, "https://www.canada.ca")
    _serve_with_links_home(sites["nrcan_news_en"], feed, "https://www.canada.ca")
    _serve_with_links_home(sites["pmo_news_en"], "/en/news.rss", "https://www.pm.gc.ca")
    sites["dnd_news_en"].set_fault(feed, "403")
    newest = "/en/natural-resources-canada/news/2026/06/canada-japan-critical-minerals-working-group.html"
    page = (sites["nrcan_news_en"].root / newest.lstrip("/")).read_text(encoding="utf-8")
    sites["nrcan_news_en"].set_page(newest, page.replace('id="wb-cont"', 'id="page-title"'))
    entries = {name: _served_entry(raw, name, site) for name, site in sites.items()}
    entries["pmo_news_fr"] = dict(raw["pmo_news_fr"], enabled=False)  # disabled: not checked
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("ROADMAP_SOURCES_FILE", str(path))
    get_settings.cache_clear()
    yield sites
    for site in sites.values():
        site.stop()


def test_live_feed_check_fetches_the_sources_url(cli, served):
    code, out, err = cli("sources", "check", "gac_news_en", "--format", "json", "--fetched", "2026-11-27")
    assert code == 0, err
    assert len(json.loads(out)["items"]) == 5
    assert served["gac_news_en"].requests_for("/io-server/gc/news/en/v2")


def test_live_check_of_a_blocked_source_says_blocked(cli, served):
    code, _, err = cli("sources", "check", "dnd_news_en")
    assert code == 2 and "dnd_news_en: blocked: The site answered 403" in err and "Traceback" not in err


def test_all_prints_a_health_table_naming_what_each_source_found_or_why_not(cli, served):
    code, out, err = cli("sources", "check", "--all", "--format", "json", "--fetched", "2026-11-27")
    assert code == 1, err  # one source failed, one has problems
    rows = {r["source"]: r for r in json.loads(out)}
    assert set(rows) == {"gac_news_en", "pmo_news_en", "dnd_news_en", "nrcan_news_en"}
    assert (rows["gac_news_en"]["verdict"], rows["gac_news_en"]["items"]) == ("ok", 5)
    assert rows["gac_news_en"]["article"]["title"] == "Readout: Canada–Japan Economic Security Dialogue"
    assert rows["gac_news_en"]["article"]["published"] == "2026-11-20"
    assert rows["pmo_news_en"]["verdict"] == "ok" and rows["pmo_news_en"]["article"]["published"] == "2026-11-19"
    assert rows["dnd_news_en"]["verdict"] == "failed"
    assert rows["dnd_news_en"]["error"].startswith("blocked: The site answered 403")
    assert rows["nrcan_news_en"]["verdict"] == "problems"
    assert rows["nrcan_news_en"]["problems"] == [
        "first release: layout changed: title selector 'h1#wb-cont' matches nothing ("
        + served["nrcan_news_en"].url
        + "/en/natural-resources-canada/news/2026/06/canada-japan-critical-minerals-working-group.html)"]


def test_all_table(cli, served):
    code, out, _ = cli("sources", "check", "--all", "--fetched", "2026-11-27")
    assert code == 1
    lines = {line.split("│")[1].strip(): line for line in out.splitlines() if line.startswith("│")}
    assert "ok" in lines["gac_news_en"] and "Readout: Canada–Japan" in lines["gac_news_en"]
    assert "failed" in lines["dnd_news_en"] and "blocked: The site answered 403" in lines["dnd_news_en"]
    assert "layout changed" in lines["nrcan_news_en"]


def test_entries_the_parser_could_not_use_are_problems_too():
    cfg = next(c for c in load_sources() if c.name == "pmo_news_en")
    feed = (b"<?xml version='1.0'?><!-- Sample written for Roadmap Monitor tests --><rss version='2.0'><channel>"
            b"<title>News</title><item><title>Sample linked</title><link>https://www.pm.gc.ca/en/news/a</link>"
            b"<pubDate>Fri, 06 Mar 2026 10:00:00 GMT</pubDate></item><item><title>Sample without a link</title>"
            b"<link/><pubDate>Fri, 06 Mar 2026 11:00:00 GMT</pubDate></item></channel></rss>")
    got = check_page(cfg, feed, as_="feed", url=cfg.url, fetched_on=date(2026, 3, 7))
    assert len(got.items) == 1 and len(got.problems) == 1 and "Sample without a link" in got.problems[0]
