"""Sign-in throttling and signed-out sessions, kept in the database so that they hold across the UI's
processes and restarts.

Failed sign-ins are counted per account (``user:<name>``, also for names that do not exist, so the
answer does not tell them apart) and per client address (``client:<address>``). After a few free
failures each further one makes that key wait twice as long as the one before, up to MAX_DELAY. An
account's count ends with a successful sign-in; any count ends after FORGET_AFTER without failures.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models.tables import RevokedSession, SignInThrottle, utcnow


@dataclass(frozen=True)
class Limit:
    free: int  # failures allowed before any wait
    base: timedelta  # the first wait; each further failure doubles it


LIMITS = {"user": Limit(free=5, base=timedelta(seconds=2)),
          "client": Limit(free=20, base=timedelta(seconds=1))}  # offices share one address
MAX_DELAY = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=1)
KEY_CHARS = 200


def throttle_keys(*, username: str, client: str | None) -> list[str]:
    """The keys one sign-in attempt counts against."""
    keys = [f"user:{username.strip().lower()[:KEY_CHARS]}"]
    if client:
        keys.append(f"client:{client[:KEY_CHARS]}")
    return keys


def seconds_to_wait(*, session: Session, keys: list[str], now: datetime | None = None) -> float:
    """How long the attempt must wait before it may be tried (0: now)."""
    now = now or utcnow()
    rows = session.exec(select(SignInThrottle.locked_until).where(SignInThrottle.key.in_(keys))).all()
    return max([(until - now).total_seconds() for until in rows if until is not None and until > now], default=0.0)


def note_failure(*, session: Session, keys: list[str], now: datetime | None = None) -> None:
    """Count a failed attempt against each key and set how long it must wait. Flushes."""
    now = now or utcnow()
    stale = now - FORGET_AFTER
    session.exec(delete(SignInThrottle).where(SignInThrottle.updated_at < stale, or_(
        SignInThrottle.locked_until.is_(None), SignInThrottle.locked_until < now)))
    for key in keys:
        failures = _increment(session, key, now)
        limit = LIMITS[key.split(":", 1)[0]]
        if failures > limit.free:
            delay = min(limit.base * 2 ** min(failures - limit.free - 1, 30), MAX_DELAY)
            session.exec(update(SignInThrottle).where(SignInThrottle.key == key).values(locked_until=now + delay))
    session.flush()


def note_success(*, session: Session, username: str) -> None:
    """The account signed in: its count starts again (the client's does not: an attacker may have an
    account of their own). Flushes."""
    session.exec(delete(SignInThrottle).where(SignInThrottle.key == throttle_keys(username=username, client=None)[0]))
    session.flush()


def _increment(session: Session, key: str, now: datetime) -> int:
    """Add one failure to ``key`` (atomically, as concurrent attempts race) and return the new count."""
    for _attempt in range(3):
        changed = session.exec(update(SignInThrottle).where(SignInThrottle.key == key)
                               .values(failures=SignInThrottle.failures + 1, updated_at=now)).rowcount
        if changed:
            return session.exec(select(SignInThrottle.failures).where(SignInThrottle.key == key)).one()
        try:
            with session.begin_nested():
                session.add(SignInThrottle(key=key, failures=1, updated_at=now))
            return 1
        except IntegrityError:
            continue  # another attempt created the row first: count on it
    raise RuntimeError(f"could not count a failed sign-in for {key!r}")


def revoke_session(*, session: Session, sid: str, expires_at: datetime) -> None:
    """Refuse session ``sid`` from now on (until ``expires_at``, when its cookie is refused anyway);
    forgets revocations that have expired. Flushes."""
    session.exec(delete(RevokedSession).where(RevokedSession.expires_at < utcnow()))
    if session.get(RevokedSession, sid) is None:
        session.add(RevokedSession(sid=sid, expires_at=expires_at))
    session.flush()


def is_revoked(*, session: Session, sid: str) -> bool:
    """Whether session ``sid`` was signed out."""
    return session.get(RevokedSession, sid) is not None
