"""Arbitrary bytes never crash the parsers or the roadmap loader: they return, or raise our own errors."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from config.roadmap_data import RoadmapConfigError, load_bundle
from config.roadmap_parser import RoadmapFormatError, parse_roadmap
from config.settings import get_settings
from samples.server import SITES_DIR
from sources.config import load_sources
from sources.dates import parse_date
from sources.encoding import decode
from sources.errors import NotARelease, SiteChanged, SourceConfigError
from sources.feeds import parse_feed
from sources.parse import parse_article, parse_listing
from sources.release import Listing, ParsedRelease

SOURCES = {cfg.name: cfg for cfg in load_sources()}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONTENT_TYPES = st.sampled_from([None, "text/html", "text/html; charset=shift_jis", "application/rss+xml",
                                 "text/html; charset=bogus-charset", "application/xml; charset=utf-16",
                                 "text/html; charset=euc-jp", "application/json"])


def sample_pages() -> list[bytes]:
    return [p.read_bytes() for p in sorted(SITES_DIR.rglob("*")) if p.is_file()]


PAGES = sample_pages()


@st.composite
def mangled_pages(draw) -> bytes:
    """A real sample page, cut, spliced with junk, or with bytes flipped: nearly valid input."""
    page = draw(st.sampled_from(PAGES))
    start = draw(st.integers(0, len(page)))
    end = draw(st.integers(start, len(page)))
    junk = draw(st.binary(max_size=64))
    how = draw(st.sampled_from(["cut", "splice", "flip", "double"]))
    if how == "cut":
        return page[:start]
    if how == "splice":
        return page[:start] + junk + page[end:]
    if how == "flip":
        return bytes(b ^ 0xFF if start <= i < start + 16 else b for i, b in enumerate(page))
    return page[:end] + page[start:]


BYTES = st.one_of(st.binary(max_size=2048), mangled_pages())


@FUZZ
@given(body=BYTES, name=st.sampled_from(sorted(SOURCES)), ctype=CONTENT_TYPES)
def test_listings_and_feeds_return_or_raise_site_changed(body, name, ctype):
    try:
        result = parse_listing(SOURCES[name], body, url="https://example.org/list", content_type=ctype,
                               fetched_on=date(2026, 4, 1))
    except SiteChanged:
        return
    assert isinstance(result, Listing)


@FUZZ
@given(body=BYTES, name=st.sampled_from(sorted(SOURCES)), ctype=CONTENT_TYPES)
def test_release_pages_return_or_raise_site_changed(body, name, ctype):
    try:
        result = parse_article(SOURCES[name], body, url="https://example.org/a.html", content_type=ctype,
                               fetched_on=date(2026, 4, 1))
    except NotARelease:  # documented: a response that is neither a page nor a PDF, by its content type
        assert ctype and not ctype.startswith("text/") and "html" not in ctype and "xml" not in ctype
        return
    except SiteChanged:
        return
    assert isinstance(result, ParsedRelease) and isinstance(result.body, str)


@FUZZ
@given(body=BYTES, ctype=CONTENT_TYPES)
def test_feeds_return_or_raise_site_changed(body, ctype):
    try:
        assert isinstance(parse_feed(body, url="https://example.org/feed", content_type=ctype), Listing)
    except SiteChanged:
        pass


@FUZZ
@given(body=BYTES, ctype=st.one_of(CONTENT_TYPES, st.text(max_size=60)))
def test_decoding_always_gives_text(body, ctype):
    assert isinstance(decode(body, ctype), str)


@FUZZ
@given(text=st.text(max_size=200), ref=st.one_of(st.none(), st.dates()))
def test_dates_are_a_date_or_none(text, ref):
    assert parse_date(text, reference=ref) is None or isinstance(parse_date(text, reference=ref), date)


ROADMAP_TEXT = (get_settings().roadmap_dir / "roadmap-ja.txt").read_text(encoding="utf-8")


@st.composite
def roadmap_texts(draw) -> str:
    lines = ROADMAP_TEXT.splitlines()
    i = draw(st.integers(0, len(lines)))
    j = draw(st.integers(i, min(len(lines), i + 20)))
    return "\n".join(lines[:i] + draw(st.lists(st.text(max_size=40), max_size=3)) + lines[j:])


@FUZZ
@given(text=st.one_of(st.text(max_size=500), roadmap_texts()))
def test_roadmap_parser_returns_or_raises_format_error(text):
    try:
        parse_roadmap(text)
    except RoadmapFormatError:
        pass


@pytest.fixture(scope="module")
def roadmap_copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("roadmap") / "jp-ca-2026"
    shutil.copytree(get_settings().roadmap_dir, target)
    return target


ROADMAP_FILES = ["roadmap-ja.txt", "meta.yaml", "en.yaml", "annotations.yaml"]
UTF8 = st.text(max_size=600).map(lambda t: t.encode("utf-8"))
@FUZZ
@given(data=st.one_of(UTF8, st.sampled_from([b"slug: [", b"- a\n- b", b"text: /etc/passwd", b"released: 99"])),
       file=st.sampled_from(ROADMAP_FILES))
def test_roadmap_loader_raises_our_errors_on_arbitrary_files(roadmap_copy, data, file):
    original = (roadmap_copy / file).read_bytes()
    (roadmap_copy / file).write_bytes(data)
    try:
        load_bundle(roadmap_copy)
    except (RoadmapFormatError, RoadmapConfigError):
        pass
    finally:
        (roadmap_copy / file).write_bytes(original)


@pytest.mark.parametrize("file", ROADMAP_FILES)
def test_roadmap_loader_raises_our_errors_on_files_that_are_not_utf8(roadmap_copy, file):
    original = (roadmap_copy / file).read_bytes()
    (roadmap_copy / file).write_bytes(b"\x80\xff not UTF-8")
    try:
        with pytest.raises((RoadmapFormatError, RoadmapConfigError)):
            load_bundle(roadmap_copy)
    finally:
        (roadmap_copy / file).write_bytes(original)


@FUZZ
@given(data=st.one_of(UTF8, st.sampled_from([b"sources: [1, 2]", b"sources:\n  x: {kind: rss}",
                                             b"sources:\n  ok_name:\n    url: 5\n", b"sources: {a: !!python/none x}"])))
def test_sources_file_raises_source_config_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("cfg") / "sources.yaml"
    path.write_bytes(data)
    try:
        load_sources(path)
    except SourceConfigError:
        pass


def test_sources_file_not_utf8_raises_source_config_error(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_bytes(b"sources:\n  \x80\xff: {}\n")
    with pytest.raises(SourceConfigError):
        load_sources(path)
