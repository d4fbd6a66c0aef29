"""The sources file: every source the issue asks for, with clear errors for bad entries."""
import os
from datetime import date
from pathlib import Path

import pytest
import yaml

from sources.config import load_sources, source_from_dict
from sources.errors import SourceConfigError
from sources.parse import listing_urls

SITES = Path(__file__).resolve().parents[2] / "samples" / "sites"
REQUIRED = {"mofa_press_ja", "mofa_press_en", "mofa_canada_ja", "mofa_canada_en", "mod_press_en", "mod_press_ja",
            "kantei_news_ja", "meti_press_ja", "gac_news_en", "gac_news_fr", "dnd_news_en", "dnd_news_fr",
            "pmo_news_en", "pmo_news_fr", "nrcan_news_en"}
GOOD = {"ministry": "MOFA", "country": "JP", "language": "ja", "kind": "rss", "url": "https://www.mofa.go.jp/feed.xml"}


def test_every_required_source_is_configured_and_enabled():
    enabled = {cfg.name for cfg in load_sources() if cfg.enabled}
    assert REQUIRED <= enabled


def test_every_source_has_a_sample_site_and_a_golden_file():
    golden = Path(__file__).resolve().parent / "golden"  # checked by sites/test_golden_sources.py
    for cfg in load_sources():
        assert (SITES / cfg.name).is_dir(), cfg.name
        assert (golden / f"{cfg.name}.json").is_file(), cfg.name


def test_canada_sources_use_the_news_api():
    by_name = {cfg.name: cfg for cfg in load_sources()}
    assert by_name["dnd_news_fr"].url.startswith("https://api.io.canada.ca/io-server/gc/news/fr/v2?dept=departmentnationaldefense")


def test_listing_urls_without_adapter_is_the_url():
    cfg = source_from_dict("x", GOOD)
    assert listing_urls(cfg, since=date(2020, 1, 1)) == ["https://www.mofa.go.jp/feed.xml"]


def test_defaults():
    cfg = source_from_dict("x", GOOD)
    assert (cfg.enabled, cfg.politeness, cfg.schedule) == (True, 1.0, "*/10 * * * *")  # a feed: fresh by default


@pytest.mark.parametrize("change, field", [
    ({"country": "FR"}, "country"),
    ({"language": "de"}, "language"),
    ({"kind": "json"}, "kind"),
    ({"url": "ftp://example.org/"}, "url"),
    ({"url": None}, "url"),
    ({"schedule": "hourly"}, "schedule"),
    ({"politeness": -1}, "politeness"),
    ({"selectors": {"item": "li[", "link": "a"}}, "selectors.item"),
    ({"selectors": {"items": "li"}}, "selectors.items"),
    ({"article": {"drop": "nav"}}, "article.drop"),
    ({"article": {"date_from_url": "("}}, "article.date_from_url"),
    ({"adapter": "nope"}, "adapter"),
    ({"enabled": "yes"}, "enabled"),
    ({"colour": "blue"}, "colour"),
    ({"name": "other"}, "name"),
])
def test_bad_entries_name_the_entry_and_field(change, field):
    with pytest.raises(SourceConfigError, match=rf"source 'bad_one': field '{field}'"):
        source_from_dict("bad_one", {**GOOD, **change})


def test_bad_name():
    with pytest.raises(SourceConfigError, match="name"):
        source_from_dict("Bad Name", GOOD)


def test_file_without_sources_mapping(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("- just a list\n")
    with pytest.raises(SourceConfigError, match="sources"):
        load_sources(path)


def test_unreadable_yaml(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources: {x: [\n")
    with pytest.raises(SourceConfigError):
        load_sources(path)


def test_load_from_a_given_path(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": {"one": GOOD}}))
    assert [cfg.name for cfg in load_sources(path)] == ["one"]


def test_time_zone_defaults_to_the_country():
    assert source_from_dict("x", GOOD).timezone == "Asia/Tokyo"
    assert source_from_dict("x", {**GOOD, "country": "CA"}).timezone == "America/Toronto"


def test_time_zone_per_entry():
    cfg = source_from_dict("x", {**GOOD, "country": "CA", "timezone": "America/Vancouver"})
    assert str(cfg.tz) == "America/Vancouver"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../etc/passwd", 9])
def test_unknown_time_zone_is_refused(zone):
    with pytest.raises(SourceConfigError, match="timezone"):
        source_from_dict("x", {**GOOD, "timezone": zone})


def test_japanese_sources_read_dates_in_tokyo():
    for cfg in load_sources():
        if cfg.country == "JP":
            assert cfg.timezone == "Asia/Tokyo", cfg.name


@pytest.mark.parametrize("cron", ["99 * * * *", "0 25 * * *", "* * 32 * *", "0 0 * * * *", "@hourly"])
def test_an_impossible_cron_is_refused(cron):
    with pytest.raises(SourceConfigError, match="field 'schedule'"):
        source_from_dict("x", {**GOOD, "schedule": cron})


@pytest.mark.parametrize("change, why", [
    ({"kind": "canada-news-api"}, "required for kind 'canada-news-api'"),
    ({"kind": "rss", "adapter": "mofa_archives"}, "reads kind html-listing"),
    ({"kind": "html-listing", "adapter": "canada_news_api"}, "reads kind canada-news-api"),
])
def test_kind_and_adapter_must_agree(change, why):
    with pytest.raises(SourceConfigError, match=rf"field 'adapter' .*{why}"):
        source_from_dict("x", {**GOOD, **change})


def test_a_bad_entry_in_a_file_is_one_line_naming_file_entry_and_field(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": {"one": GOOD, "two": {**GOOD, "max_pages": True}}}))
    with pytest.raises(SourceConfigError) as info:
        load_sources(path)
    assert str(info.value).startswith(f"{path}: source 'two': field 'max_pages' ")
    assert "\n" not in str(info.value)


def test_the_sources_file_is_parsed_once_per_content(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": {"one": GOOD}}))
    first = load_sources(path)
    assert load_sources(path)[0] is first[0]
    stamp = path.stat().st_mtime_ns
    path.write_text(yaml.safe_dump({"sources": {"one": GOOD, "two": GOOD}}))
    os.utime(path, ns=(stamp, stamp))  # a rewrite within the file system's timestamp granularity
    assert [c.name for c in load_sources(path)] == ["one", "two"]
