"""The database session the review, export and users commands work in."""
from __future__ import annotations

from models import db


def checked_session():
    """A session scope on the configured database, after checking that the database answers.

    Raises models.db.DatabaseError (shown to the user as one line) when it does not.
    """
    engine = db.get_engine()
    db.check_connection(engine)
    return db.session_scope(engine)
