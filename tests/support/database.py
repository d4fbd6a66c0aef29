"""The test database's own helpers."""
from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import SQLModel


def wipe(engine) -> None:
    """Empty every table of the migrated test database (children first), keeping the schema."""
    tables = list(reversed(SQLModel.metadata.sorted_tables))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for t in tables:
                conn.execute(t.delete())
