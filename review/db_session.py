"""The database session a request handler gets: its own module so that sign-in (review.auth) and the
page helpers (review.web) both use it without importing each other."""
from __future__ import annotations

from typing import Iterator

from fastapi import Request
from sqlmodel import Session

from models.db import session_scope


def db_session(request: Request) -> Iterator[Session]:
    """A session per request; committed when the handler returns without error."""
    with session_scope(request.app.state.engine) as session:
        yield session
