"""Sign-in for the review UI: signed, expiring session cookies, roles, CSRF tokens.

Sessions are Starlette's signed cookies (itsdangerous). A session lasts ``settings.session_max_age``
seconds from sign-in, whatever the activity. Every POST must carry the session's CSRF token; GET
never changes data.
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets
import time
from dataclasses import dataclass

from fastapi import Depends, Request
from sqlmodel import Session

from config.settings import Settings
from models.tables import User
from models.users import role_allows
from review.web import db_session

# Values people leave in example configs; never accepted as a key outside loopback.
WEAK_SECRETS = {"", "changeme", "change-me", "changethis", "secret", "dev", "development", "test", "default",
                "roadmap", "password", "insecure"}
MIN_SECRET_LENGTH = 16


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


def resolve_secret_key(settings: Settings, host: str) -> str:
    """The key signing session cookies: ROADMAP_SECRET_KEY, or a random per-process key on loopback.

    Raises InsecureSecretError when the key is missing, a default or short and ``host`` is not loopback.
    """
    key = settings.secret_key or ""
    if key.strip().lower() not in WEAK_SECRETS and len(key) >= MIN_SECRET_LENGTH:
        return key
    if is_loopback(host):
        return secrets.token_urlsafe(32)  # sessions end with the process; fine for one analyst's laptop
    raise InsecureSecretError(
        f"set ROADMAP_SECRET_KEY to a random value of at least {MIN_SECRET_LENGTH} characters to serve the UI "
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
    request.session.update({"uid": user.id, "at": int(time.time()), "sid": secrets.token_urlsafe(18),
                            "csrf": secrets.token_urlsafe(32)})


def sign_out(request: Request) -> None:
    """End the session: clear the cookie and revoke its id, so a copy of the old cookie is refused.

    Revoked ids are kept in memory by this process (``app.state.revoked_sessions``); a session lasts
    at most ``session_max_age``, and a restart already invalidates sessions signed with the random
    loopback key. Behind several processes with a shared ROADMAP_SECRET_KEY, revocation holds only in
    the process that served the sign-out.
    """
    revoked, sid = request.app.state.revoked_sessions, request.session.get("sid")
    now = time.time()
    for old in [k for k, until in revoked.items() if until < now]:  # expired anyway: forget them
        del revoked[old]
    if sid:
        revoked[sid] = request.session.get("at", now) + request.app.state.settings.session_max_age
    request.session.clear()


def current_user(request: Request, session: Session = Depends(db_session)) -> CurrentUser | None:
    """The signed-in, active user, or None (also when the session is older than its max age)."""
    uid, started = request.session.get("uid"), request.session.get("at", 0)
    if uid is None:
        return None
    sid = request.session.get("sid")
    if not sid or sid in request.app.state.revoked_sessions:
        request.session.clear()
        return None
    if time.time() - started > request.app.state.settings.session_max_age:
        request.session.clear()
        return None
    user = session.get(User, uid)
    if user is None or not user.active:
        request.session.clear()
        return None
    return CurrentUser(id=user.id, username=user.username, role=user.role)


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
