"""``INSERT … ON CONFLICT`` for the two databases we run on (SQLite, PostgreSQL): idempotent writes in one statement."""
from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

_DIALECT_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


class UnsupportedDatabase(RuntimeError):
    """The session's database has no ``INSERT … ON CONFLICT`` we know how to write."""


def insert_on_conflict(session: Session, model):
    """The dialect's ``insert(model)`` (with ``on_conflict_do_nothing`` / ``on_conflict_do_update``).

    Raises UnsupportedDatabase for a database other than SQLite or PostgreSQL.
    """
    name = session.get_bind().dialect.name
    try:
        return _DIALECT_INSERTS[name](model)
    except KeyError:
        raise UnsupportedDatabase(f"no INSERT … ON CONFLICT for the {name!r} database; use SQLite or PostgreSQL") from None
