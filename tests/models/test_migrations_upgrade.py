"""migrate() brings a database made at an earlier revision up to date with its rows intact, and the
tables' declarations match the newest revision exactly (autogenerate finds nothing left to do).

On PostgreSQL (ROADMAP_TEST_DATABASE_URL) the test works in a schema of its own, so the session's
migrated database is left alone."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from models import db
import models.tables  # noqa: F401  (declares the tables in SQLModel.metadata, compared below)

QUEUE_INDEXES = {"ix_evidence_queue", "ix_evidence_status_score"}


@pytest.fixture
def blank_engine(database_url, tmp_path):
    """An engine on an empty database (PostgreSQL: an empty schema first on the search path)."""
    if not database_url.startswith("postgresql"):
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
        yield engine
        engine.dispose()
        return
    schema = f"migr_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(database_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine = sa.create_engine(database_url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _upgrade_to(engine, revision: str) -> None:
    cfg = db.alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _fill(engine) -> None:
    """A roadmap, a source, two documents reporting one event, and their suggestions (made-up rows)."""
    old = sa.MetaData()
    old.reflect(engine)  # the tables as that revision made them (later revisions add columns)
    Roadmap, Commitment, Source, Event, Document, Evidence = (
        _Old(old.tables[name]) for name in ("roadmap", "commitment", "source", "event", "document", "evidence"))
    with engine.begin() as conn:
        conn.execute(sa.insert(Roadmap.__table__).values(id=1, slug="jp-ca", title_ja="ロードマップ", title_en=""))
        conn.execute(sa.insert(Commitment.__table__).values(
            id=1, roadmap_id=1, cid="1.1-1", chapter="1", section="1.1", kind="bullet", order=0, text_ja="約束",
            text_en="", text_hash="", first_version=1, keywords=[], entities=[], status="no evidence",
            status_rule=""))
        conn.execute(sa.insert(Source.__table__).values(
            id=1, name="sample_src", ministry="", country="JP", lang="ja", kind="rss", url="http://127.0.0.1:9/s",
            enabled=True, origin="config", settings={}, created_at=dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc),
            healthy=True, consecutive_failures=0))
        # the columns of revision 0001 only (later revisions add some, with defaults of their own)
        conn.execute(sa.text("INSERT INTO event (id, key, countries, confirmed_by_both) "
                             "VALUES (1, 'sample-event', '[\"JP\"]', false)"))
        for i in (1, 2):
            conn.execute(sa.insert(Document.__table__).values(
                id=i, canonical_url=f"http://127.0.0.1:9/d{i}", source_id=1, lang="ja", title=f"Sample {i}",
                published=dt.date(2026, 4, i), content_type="", body="Sample text, not a real release.",
                content_hash=f"h{i}", revision=1, fetched_at=dt.datetime(2026, 4, i, tzinfo=dt.timezone.utc),
                processed_revision=1))
            conn.execute(sa.insert(Evidence.__table__).values(
                id=i, document_id=i, commitment_id=1, event_id=1, score=0.5 + i / 10, rationale="sample",
                mention_spans=[[0, 6]], status="suggested", origin="linker",
                created_at=dt.datetime(2026, 4, i, tzinfo=dt.timezone.utc),
                updated_at=dt.datetime(2026, 4, i, tzinfo=dt.timezone.utc)))


class _Old:
    """A reflected table where the test's inserts expect a model (``Model.__table__``)."""
    def __init__(self, table: sa.Table):
        self.__table__ = table


def _rows(engine, columns: dict | None = None) -> dict:
    """Rows of the filled tables; ``columns`` (from an earlier call) limits them to the columns that had."""
    old = sa.MetaData()
    old.reflect(engine)
    out = {}
    with engine.connect() as conn:
        for t in ("roadmap", "commitment", "source", "event", "document", "evidence"):
            names = columns[t] if columns else [c.name for c in old.tables[t].columns]
            cols = [old.tables[t].c[name] for name in names]
            out[t] = (names, conn.execute(sa.select(*cols).order_by(sa.text("id"))).all())
    return out


def _head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(db.alembic_config("sqlite://")).get_current_head()


def test_migrate_upgrades_a_0001_database_keeping_its_rows(blank_engine):
    _upgrade_to(blank_engine, "0001")
    _fill(blank_engine)
    before = _rows(blank_engine)
    assert not QUEUE_INDEXES & {ix["name"] for ix in sa.inspect(blank_engine).get_indexes("evidence")}

    assert db.migrate(blank_engine) == _head()

    assert _rows(blank_engine, {t: names for t, (names, _) in before.items()}) == before
    assert len(before["evidence"][1]) == 2 and before["evidence"][1][1].score == pytest.approx(0.7)
    assert QUEUE_INDEXES <= {ix["name"] for ix in sa.inspect(blank_engine).get_indexes("evidence")}
    assert EXPRESSION_INDEX in _index_names(blank_engine, "user")
    with blank_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _comparable})
        assert compare_metadata(context, SQLModel.metadata) == []
    assert db.migrate(blank_engine) == _head()  # a second run changes nothing


# Alembic cannot compare expression indexes on PostgreSQL (the server renders lower((username)::text)
# and reports a drop and an add): that one is checked by name above instead.
EXPRESSION_INDEX = "ux_user_username_lower"


def _index_names(engine, table: str) -> set[str]:
    if engine.dialect.name == "sqlite":  # SQLAlchemy does not reflect SQLite's expression indexes
        with engine.connect() as conn:
            return set(conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'index' "
                                            "AND tbl_name = :t"), {"t": table}).scalars())
    return {ix["name"] for ix in sa.inspect(engine).get_indexes(table)}


def _comparable(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "index" and name == EXPRESSION_INDEX)


def test_the_queue_reads_an_upgraded_database(blank_engine):
    from sqlmodel import Session

    from models import review

    _upgrade_to(blank_engine, "0001")
    _fill(blank_engine)
    db.migrate(blank_engine)
    with Session(blank_engine) as session:
        assert [ev.id for ev, *_ in review.review_queue(session=session)] == [2]  # the event's better copy
        assert review.queue_size(session=session) == 1


def test_user_names_differing_only_in_case_stop_the_upgrade_with_their_names(blank_engine):
    from models.tables import User

    _upgrade_to(blank_engine, "0002")
    with blank_engine.begin() as conn:
        for i, name in enumerate(("Analyst", "analyst"), 1):
            conn.execute(sa.insert(User.__table__).values(id=i, username=name, password_hash="x", role="analyst",
                                                          created_at=dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc), active=True))
    with pytest.raises(RuntimeError, match="differ only in case: analyst"):
        db.migrate(blank_engine)
