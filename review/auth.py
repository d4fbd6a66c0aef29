"""Sign-in for the review UI: signed, expiring session cookies, roles, CSRF tokens.

Sessions are Starlette's signed cookies (itsdangerous). A session lasts ``settings.session_max_age``
seconds from sign-in, whatever the activity. Every POST must carry the session's CSRF token; GET
never changes data.
"""
from __future__ import annotations

import hmac
import ipaddress
import math
import os
import secrets
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone

from fastapi import Depends, Request
from sqlmodel import Session

from config.settings import Settings
from models.sign_in import is_revoked, revoke_session
from models.tables import User
from models.users import role_allows
from review.db_session import db_session

# Values people leave in example configs; never accepted as a key outside loopback.
WEAK_SECRETS = {"", "changeme", "change-me", "changethis", "secret", "dev", "development", "test", "default",
                "roadmap", "password", "insecure"}
MIN_SECRET_LENGTH = 16
SECRET_FILE = "ui-secret"  # under ROADMAP_HOME: the loopback UI's session key
MIN_SECRET_BITS = 96  # estimated; `secrets.token_urlsafe(32)` gives about 200


class InsecureSecretError(RuntimeError):
    """ROADMAP_SECRET_KEY is missing or a default while the UI would listen beyond loopback."""


class NotSignedIn(Exception):
    """The request needs a signed-in user and has none (or the session expired)."""


class Forbidden(Exception):
    """The signed-in user's role may not do this, or the CSRF token is missing or wrong."""


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    role: str

    def can(self, role: str) -> bool:
        return role_allows(self.role, role)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def secret_bits(key: str) -> float:
    """A rough upper estimate of the entropy of ``key`` in bits: the Shannon entropy of its characters
    times its length, counting a repeated stretch (``abcabc``, ``aaaa``) once."""
    if not key:
        return 0.0
    n = len(key)
    per_char = -sum(c / n * math.log2(c / n) for c in Counter(key).values())
    distinct_stretch = len({key[i:i + 3] for i in range(max(n - 2, 1))}) + min(n, 2)
    return per_char * min(n, distinct_stretch)


def _kept_secret(path) -> str:
    """A random key kept in ``path`` (created owner-only on first use), so that restarting the UI does
    not sign everyone out; a per-process key when ``path`` cannot be read or written."""
    try:
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= MIN_SECRET_LENGTH:
            return key
    except (OSError, UnicodeDecodeError):
        pass
    key = secrets.token_urlsafe(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key + "\n")
    except OSError:
        pass  # an unwritable home: sessions end with the process, as before
    return key


def resolve_secret_key(settings: Settings, host: str) -> str:
    """The key signing session cookies: ROADMAP_SECRET_KEY, or on loopback a random key kept under
    ROADMAP_HOME (``ui-secret``), so that sessions survive a restart.

    Raises InsecureSecretError when the key is missing, a default, short or of low entropy
    (``secret_bits`` under MIN_SECRET_BITS, e.g. `aaaaaaaaaaaaaaaa`) and ``host`` is not loopback.
    """
    key = settings.secret_key or ""
    if (key.strip().lower() not in WEAK_SECRETS and len(key) >= MIN_SECRET_LENGTH
            and secret_bits(key) >= MIN_SECRET_BITS):
        return key
    if is_loopback(host):
        return _kept_secret(settings.home / SECRET_FILE)
    raise InsecureSecretError(
        f"set ROADMAP_SECRET_KEY to a random value (at least {MIN_SECRET_LENGTH} characters, not a word or a "
        f"pattern) to serve the UI "
        f"on {host} (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)")


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def csrf_protect(request: Request) -> None:
    """Dependency: refuse unsafe requests whose form lacks the session's CSRF token."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    form = await request.form()
    sent = str(form.get("csrf_token") or "")
    expected = request.session.get("csrf") or ""
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Forbidden("the form has expired or did not come from this site; reload the page and try again")


def sign_in(request: Request, user: User) -> None:
    """Start a fresh session for ``user`` (a new id and CSRF token, so nothing from before survives)."""
    request.session.clear()
    request.session.update({"uid": user.id, "at": time.time(), "sid": secrets.token_urlsafe(18),
                            "csrf": secrets.token_urlsafe(32)})


def sign_out(request: Request, session: Session) -> None:
    """End the session: clear the cookie and revoke its id in the database, so a copy of the old cookie
    is refused by every process of the UI, also after a restart, until it would have expired anyway."""
    sid = request.session.get("sid")
    if sid:
        until = request.session.get("at", time.time()) + request.app.state.settings.session_max_age
        revoke_session(session=session, sid=str(sid), expires_at=datetime.fromtimestamp(until, timezone.utc))
    request.session.clear()


def current_user(request: Request, session: Session = Depends(db_session)) -> CurrentUser | None:
    """The signed-in, active user, or None (also when the session is older than its max age)."""
    uid, started = request.session.get("uid"), request.session.get("at", 0)
    if uid is None:
        return None
    sid = request.session.get("sid")
    if not sid or is_revoked(session=session, sid=str(sid)):
        request.session.clear()
        return None
    if time.time() - started > request.app.state.settings.session_max_age:
        request.session.clear()
        return None
    user = session.get(User, uid)
    if user is None or not user.active or _signed_in_before(started, user.password_changed_at):
        request.session.clear()
        return None
    return CurrentUser(id=user.id, username=user.username, role=user.role)


def _signed_in_before(started: float, changed_at: datetime | None) -> bool:
    """True when a session started at ``started`` (epoch seconds) predates the password change (stored as UTC)."""
    if changed_at is None:
        return False
    if changed_at.tzinfo is None:
        changed_at = changed_at.replace(tzinfo=timezone.utc)
    return started < changed_at.timestamp()


def require(role: str):
    """Dependency factory: the current user if their role is at least ``role``."""
    def dependency(request: Request, user: CurrentUser | None = Depends(current_user)) -> CurrentUser:
        if user is None:
            raise NotSignedIn()
        if not user.can(role):
            raise Forbidden(f"this needs the {role} role; you are signed in as a {user.role}")
        request.state.user = user
        return user
    return dependency
