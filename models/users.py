"""Accounts for the review UI and CLI: passwords hashed with argon2, three roles."""
from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from models.tables import User

ROLES = ("reader", "analyst", "admin")  # each role may do what the ones before it may
MIN_PASSWORD_LENGTH = 8
# Names appear in the audit trail, exports and the CLI: letters, digits, dot, underscore, hyphen only.
USERNAME = re.compile(r"[A-Za-z0-9._-]{2,64}")

_hasher = PasswordHasher()
# Verifying against this when the user is unknown makes a wrong name cost as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


class UserError(ValueError):
    """A user cannot be created or found as asked (bad role, short password, name taken)."""


def role_allows(role: str | None, needed: str) -> bool:
    """True when ``role`` is at least ``needed`` in reader < analyst < admin."""
    if role not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(needed)


def add_user(*, session: Session, username: str, password: str, role: str) -> User:
    """Create an account. Raises UserError on a name outside USERNAME, an unknown role, a short password
    or a taken name."""
    username = username.strip()
    if not USERNAME.fullmatch(username):
        raise UserError(f"invalid user name {username!r}: use 2 to 64 letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if get_user(session=session, username=username) is not None:
        raise UserError(f"a user named {username!r} already exists")
    user = User(username=username, password_hash=_hasher.hash(password), role=role)
    session.add(user)
    session.flush()
    return user


def get_user(*, session: Session, username: str) -> User | None:
    """The account named ``username``, or None."""
    return session.exec(select(User).where(User.username == username)).first()


def authenticate(*, session: Session, username: str, password: str) -> User | None:
    """The active account whose password matches, or None. Re-hashes outdated hashes."""
    user = get_user(session=session, username=username.strip())
    if user is None or not user.active:
        _verify(_DUMMY_HASH, password)
        return None
    if not _verify(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
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


def _verify(hash_: str, password: str) -> bool:
    try:
        return _hasher.verify(hash_, password)
    except (VerificationError, InvalidHashError):
        return False
