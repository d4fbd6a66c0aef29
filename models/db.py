"""Engine, sessions and migrations. Errors a user can cause come out as ``DatabaseError``."""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, NoSuchModuleError
from sqlmodel import Session, create_engine

from config.settings import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseError(RuntimeError):
    """The database cannot be used: a bad URL, an unreachable server, a missing driver."""


def describe(url: str) -> str:
    """The URL with its password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable URL>"


def get_engine(url: str | None = None) -> sa.Engine:
    """An engine for ``url`` (default: the settings' database, read now). Raises DatabaseError on a bad URL."""
    return _engine_for(url or get_settings().effective_database_url)


@lru_cache(maxsize=8)
def _engine_for(url: str) -> sa.Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"ROADMAP_DATABASE_URL is not a database URL: {url!r}") from exc
    kwargs: dict = {"pool_pre_ping": True}
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    elif parsed.get_backend_name() == "postgresql":
        # Our queries are short; PostgreSQL's JIT compiler spent most of a queue page's time compiling.
        kwargs["connect_args"] = {"options": "-c jit=off"}
    try:
        engine = create_engine(url, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise DatabaseError(f"No driver for {describe(url)}: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers (the UI) never block the pipeline's writer
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def check_connection(engine: sa.Engine) -> None:
    """Raise DatabaseError with one clear line if the database cannot be reached."""
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except OperationalError as exc:
        reason = " ".join(str(exc.orig or exc).split())
        raise DatabaseError(f"Cannot reach the database at {describe(engine.url.render_as_string(hide_password=False))}: {reason}") from exc


@contextmanager
def session_scope(engine: sa.Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    engine = engine or get_engine()
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(engine: sa.Engine | None = None) -> str:
    """Create or upgrade the schema to the newest migration; returns the revision now in place."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    engine = engine or get_engine()
    check_connection(engine)
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() or ""
