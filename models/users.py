"""Accounts for the review UI and CLI: passwords hashed with argon2, three roles.

User names are unique whatever their case (``Analyst`` is ``analyst``). Hashing costs
``password_hash_memory_kib`` of memory, so at most ``password_hash_slots`` hashes run at once; a
sign-in that cannot get a slot within HASH_WAIT seconds raises HashingBusy instead of piling up.
"""
from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func
from sqlmodel import Session, select

from config.settings import get_settings
from models.password_hasher import password_hasher
from models.passwords import password_problem
from models.tables import User, utcnow

ROLES = ("reader", "analyst", "admin")  # each role may do what the ones before it may
# Names appear in the audit trail, exports and the CLI: letters, digits, dot, underscore, hyphen only.
USERNAME = re.compile(r"[A-Za-z0-9._-]{2,64}")
HASH_WAIT = 10.0  # seconds a sign-in waits for a hashing slot


class UserError(ValueError):
    """A user cannot be created or found as asked (bad role, weak password, name taken)."""


class HashingBusy(RuntimeError):
    """Every password-hashing slot stayed busy: too many sign-ins at once; try again shortly."""


def role_allows(role: str | None, needed: str) -> bool:
    """True when ``role`` is at least ``needed`` in reader < analyst < admin."""
    if role not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(needed)


def add_user(*, session: Session, username: str, password: str, role: str) -> User:
    """Create an account. Raises UserError on a name outside USERNAME, an unknown role, a password the
    policy refuses (``models.passwords``) or a name taken in any case; HashingBusy when hashing is."""
    username = username.strip()
    if not USERNAME.fullmatch(username):
        raise UserError(f"invalid user name {username!r}: use 2 to 64 letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    problem = password_problem(password, username=username)
    if problem:
        raise UserError(problem)
    if get_user(session=session, username=username) is not None:
        raise UserError(f"a user named {username!r} already exists")
    user = User(username=username, password_hash=_hashed(password), role=role)
    session.add(user)
    session.flush()
    return user


def get_user(*, session: Session, username: str) -> User | None:
    """The account named ``username`` in any case, or None."""
    return session.exec(select(User).where(func.lower(User.username) == username.strip().lower())).first()


def list_users(*, session: Session) -> list[User]:
    """Every account, disabled ones too, by name."""
    return list(session.exec(select(User).order_by(func.lower(User.username))).all())


def existing_user(*, session: Session, username: str) -> User:
    """The account named ``username`` in any case. Raises UserError when there is none."""
    user = get_user(session=session, username=username)
    if user is None:
        raise UserError(f"no user named {username!r}; `roadmap users list` shows them")
    return user


def set_active(*, session: Session, username: str, active: bool) -> User:
    """Enable or disable an account. A disabled account cannot sign in, its open UI sessions end at
    their next request, and it cannot decide from the CLI; its past decisions stay in the audit.
    Raises UserError when there is no such account."""
    user = existing_user(session=session, username=username)
    user.active = active
    session.add(user)
    session.flush()
    return user


def set_password(*, session: Session, username: str, password: str) -> User:
    """Give an account a new password; its UI sessions signed in before end at their next request.
    Raises UserError when there is no such account or the password policy (``models.passwords``)
    refuses it; HashingBusy when hashing is."""
    user = existing_user(session=session, username=username)
    problem = password_problem(password, username=user.username)
    if problem:
        raise UserError(problem)
    user.password_hash = _hashed(password)
    user.password_changed_at = utcnow()  # whoever knew the old one is signed out (review.auth.current_user)
    session.add(user)
    session.flush()
    return user


def authenticate(*, session: Session, username: str, password: str) -> User | None:
    """The active account whose password matches, or None. Re-hashes outdated hashes.
    Raises HashingBusy when no hashing slot frees up in time."""
    user = get_user(session=session, username=username)
    if user is None or not user.active:
        _verify(_dummy_hash(), password)  # a wrong name costs as long as a wrong password
        return None
    if not _verify(user.password_hash, password):
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = _hashed(password)
        session.add(user)
        session.flush()
    return user


def require_reviewer(*, session: Session, username: str | None) -> User:
    """The active analyst or admin named ``username`` (for CLI decisions). Raises UserError."""
    if not username:
        raise UserError("say who decides: --user NAME or ROADMAP_USER")
    user = get_user(session=session, username=username)
    if user is None or not user.active:
        raise UserError(f"no active user named {username!r}; create one with `roadmap users add`")
    if not role_allows(user.role, "analyst"):
        raise UserError(f"{username!r} is a {user.role}; only analysts and admins review")
    return user


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return password_hasher(memory_kib=get_settings().password_hash_memory_kib)


@lru_cache(maxsize=1)
def _slots() -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(get_settings().password_hash_slots)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hashed("not a password anyone has")


@contextmanager
def hashing_slot() -> Iterator[None]:
    """Hold one of the ``password_hash_slots`` for the block (hashes inside it use it); raises
    HashingBusy when none frees up within HASH_WAIT seconds. A sign-in holds it from its throttle check
    to its recorded failure, so attempts queued behind it see that failure."""
    if getattr(_held, "slot", False):
        yield
        return
    if not _slots().acquire(timeout=HASH_WAIT):
        raise HashingBusy("too many sign-ins at once; try again in a moment")
    _held.slot = True
    try:
        yield
    finally:
        _held.slot = False
        _slots().release()


_held = threading.local()


def _hashed(password: str) -> str:
    with hashing_slot():
        return _hasher().hash(password)


def _verify(hash_: str, password: str) -> bool:
    with hashing_slot():
        try:
            return _hasher().verify(hash_, password)
        except (VerificationError, InvalidHashError):
            return False
