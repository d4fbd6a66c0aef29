"""Shared fixtures. The database is SQLite in a temp dir, or ROADMAP_TEST_DATABASE_URL (PostgreSQL in CI)."""
from __future__ import annotations

import os
import warnings

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

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


def _wipe(engine) -> None:
    tables = list(reversed(SQLModel.metadata.sorted_tables))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for t in tables:
                conn.execute(t.delete())


@pytest.fixture
def engine(migrated_engine, monkeypatch, tmp_path):
    """A migrated, empty database; ROADMAP_DATABASE_URL points at it for code that reads settings."""
    from config.settings import get_settings

    monkeypatch.setenv("ROADMAP_DATABASE_URL", migrated_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("ROADMAP_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    _wipe(migrated_engine)
    yield migrated_engine
    get_settings.cache_clear()


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as s:
        yield s
