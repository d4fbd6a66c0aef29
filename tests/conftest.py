"""Fixtures of several stages: the test database (SQLite in a temp dir, or ROADMAP_TEST_DATABASE_URL: PostgreSQL
in CI), the local sample server (`site`), and the `roadmap` command run in this process (`cli`)."""
from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from tests.support.database import wipe

if TYPE_CHECKING:  # the project's modules are imported in the fixtures, after the environment below is set
    from samples.server import SampleSite

# Prefect: quiet, offline, and patient with the ephemeral server's first migration.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("ROADMAP_ALLOW_PRIVATE_URLS", "1")  # the fixture server is on 127.0.0.1
os.environ.setdefault("ROADMAP_TEST_CHEAP_PASSWORD_HASHES", "1")  # tests sign in often (models/password_hasher.py)
# Tests of one failed run check its health at once; the threshold's own tests set theirs (test_fleet_health.py).
os.environ.setdefault("ROADMAP_UNHEALTHY_AFTER_FAILURES", "1")

warnings.filterwarnings("ignore", message=r".*pkg_resources is deprecated.*")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("ROADMAP_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def migrated_engine(database_url):
    from models import db

    engine = db.get_engine(database_url)
    if engine.dialect.name == "postgresql":  # start from an empty schema each session
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    db.migrate(engine)
    return engine


@pytest.fixture
def engine(migrated_engine, monkeypatch, tmp_path):
    """A migrated, empty database; ROADMAP_DATABASE_URL points at it for code that reads settings."""
    from config.settings import get_settings

    monkeypatch.setenv("ROADMAP_DATABASE_URL", migrated_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("ROADMAP_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    wipe(migrated_engine)
    yield migrated_engine
    get_settings.cache_clear()


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as s:
        yield s


# --- the local sample server -------------------------------------------------------------------------------
# One `site` fixture for every test that talks to a site. A module says what the site serves by overriding
# `site_root` (a copy of a bundled sample site: tests.support.ingest_helpers.sample_copy, or pages of its own:
# tests.support.http_helpers.write_site) and, for pages that must name the server's address, `site_setup`.


@pytest.fixture
def site_root() -> Path:
    """The folder the `site` fixture serves; each module that uses `site` overrides this."""
    pytest.fail("a test using the `site` fixture needs a `site_root` fixture saying what the site serves")


@pytest.fixture
def site_setup() -> Callable[[SampleSite], None]:
    """Called with the started site, before the test: pages that must name its address are set here."""
    return lambda site: None


@pytest.fixture
def site_source() -> str | None:
    """The configured source whose real URLs the `site` answers (through the sample routing transport);
    None: the site is reached at its own 127.0.0.1 address only. Modules reading a configured source override it."""
    return None


@pytest.fixture
def site(site_root, site_setup, site_source) -> Iterator[SampleSite]:
    """The local sample server serving `site_root` (tests may set faults and pages); stopped after the test."""
    from samples.routing import serve_routed
    from samples.server import SampleSite

    with SampleSite(site_root) as served:
        site_setup(served)
        if site_source is None:
            yield served
        else:
            with serve_routed({site_source: served}):
                yield served


@pytest.fixture
def new_sample_site(tmp_path) -> Iterator[str]:
    """The feed URL of a source we have never configured: a feed over copies of sample MOFA releases."""
    from samples.server import SampleSite
    from tests.support.ingest_helpers import sample_copy
    from tests.support.sample_feeds import rss_feed

    root = sample_copy("mofa_press_en", tmp_path, folder="site")
    paths = sorted("/" + p.relative_to(root).as_posix() for p in root.rglob("press*.html"))
    with SampleSite(root) as served:
        served.set_page("/feed/rss.xml", rss_feed(served.url, paths), content_type="application/rss+xml; charset=utf-8")
        yield f"{served.url}/feed/rss.xml"


# --- the `roadmap` command in this process -------------------------------------------------------------------


@pytest.fixture
def cli(engine, monkeypatch, capsys) -> Callable[..., tuple[int, str, str]]:
    """Runs `roadmap <args>` as the console script does, in this process on the test database: (code, out, err)."""
    from rich.console import Console

    from cli import sources_cmd
    from cli.errors import run_cli
    from cli.main import app
    from config.settings import get_settings

    monkeypatch.setenv("ROADMAP_PER_HOST_DELAY", "0")
    monkeypatch.setattr(sources_cmd, "console", Console(width=250))
    get_settings.cache_clear()

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["roadmap", *args])
        code = run_cli(app)
        out = capsys.readouterr()
        return code, out.out, out.err

    return invoke


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/sources/golden/<source>.json from the parsers' current output")
