"""The database session a request handler gets: its own module so that sign-in (review.auth) and the
page helpers (review.web) both use it without importing each other."""
from __future__ import annotations

from typing import Iterator

from fastapi import Request
from sqlmodel import Session


def db_session(request: Request) -> Iterator[Session]:
    """A session per request; committed when the handler returns without error."""
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise
