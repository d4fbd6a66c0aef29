"""The analysts' web UI: ``create_app()`` builds the FastAPI application."""
from __future__ import annotations

import logging
from typing import Any, Callable, Sequence
from urllib.parse import quote

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from config.settings import Settings, get_settings
from models import db
from review import (routes_audit, routes_auth, routes_commitments, routes_dashboard, routes_documents,
                    routes_events, routes_review, routes_sources)
from review.auth import Forbidden, NotSignedIn, is_loopback, resolve_secret_key
from review.source_jobs import SourceJobs
from review.web import STATIC_DIR, render

ROUTERS = (routes_auth, routes_dashboard, routes_review, routes_commitments, routes_documents, routes_sources,
           routes_audit, routes_events)

# Scripts and styles only from this server: even a release that slipped past escaping could not run code.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
SESSION_COOKIE = "roadmap_session"
log = logging.getLogger(__name__)


def create_app(engine: sa.Engine | None = None, settings: Settings | None = None, *,
               host: str = "127.0.0.1", register_source: Callable[..., Any] | None = None,
               start_backfill: Callable[[str], Any] | None = None,
               process_documents: Callable[[list[int]], Any] | None = None, source_kinds: Sequence[str] = (),
               source_langs: Sequence[str] = ()) -> FastAPI:
    """The review UI bound to ``engine`` (default: the settings' database).

    ``host`` is where it will listen: beyond loopback ROADMAP_SECRET_KEY must be set (raises
    InsecureSecretError otherwise). The sources page can add a source only when given
    ``register_source(name=, url=, kind=, lang=, country=)`` (returns an object with ``name``,
    ``kind`` and ``item_count``; raises ValueError with a message for the user) and
    ``start_backfill(name)``; ``process_documents(document_ids)`` then turns what the back-fill stored
    into suggestions (without it they wait for `roadmap process`). All run on worker threads of their
    own (``review.source_jobs``, which gives their full contracts), with the ``source_kinds`` and
    ``source_langs`` the form offers ("auto" is always offered).
    """
    settings = settings or get_settings()
    app = FastAPI(title="Roadmap Monitor", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.engine = engine or db.get_engine(settings.effective_database_url)
    app.state.source_jobs = (SourceJobs(register_source, start_backfill, process_documents)
                             if register_source is not None and start_backfill is not None else None)
    app.state.source_kinds = ("auto",) + tuple(k for k in source_kinds if k != "auto")
    app.state.source_langs = ("auto",) + tuple(lang for lang in source_langs if lang != "auto")
    secure = settings.secure_cookies if settings.secure_cookies is not None else not is_loopback(host)
    app.add_middleware(SessionMiddleware, secret_key=resolve_secret_key(settings, host),
                       session_cookie=SESSION_COOKIE, max_age=settings.session_max_age,
                       same_site="strict", https_only=secure)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        try:
            response = await call_next(request)
        except Exception:  # noqa: BLE001 - answered here so that the 500 carries the headers too; logged in full
            log.exception("error serving %s %s", request.method, request.url.path)
            response = PlainTextResponse("Internal server error: the cause is in the server's log.", status_code=500)
        if settings.secure_cookies is not False and _over_https(request):
            _secure_session_cookie(response)
        for name, value in SECURITY_HEADERS.items():
            if name != "Cache-Control" or not request.url.path.startswith("/static/"):
                response.headers.setdefault(name, value)
        return response

    @app.exception_handler(NotSignedIn)
    async def to_login(request: Request, exc: NotSignedIn):
        if request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        return render(request, "error.html", status_code=401, title="Sign in first",
                      detail="Your session has ended. Sign in again.", user=None)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden):
        return render(request, "error.html", status_code=403, title="Not allowed", detail=str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_input(request: Request, exc: RequestValidationError):
        in_path = any(err.get("loc", ("",))[0] == "path" for err in exc.errors())
        code = 404 if in_path else 400  # /documents/abc names nothing; ?page=abc is a bad request
        fields = ", ".join(sorted({str(err.get("loc", ("", "?"))[-1]) for err in exc.errors()}))
        return render(request, "error.html", status_code=code, title="Not found" if in_path else "Bad request",
                      detail=f"This address is not valid ({fields}).")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return render(request, "error.html", status_code=exc.status_code, title=f"Error {exc.status_code}",
                      detail=str(exc.detail))

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
    return app


def _over_https(request: Request) -> bool:
    """The client talks https: to us, or to the proxy in front of a loopback UI (X-Forwarded-Proto).
    A forged header can only add ``Secure``, which costs the forger their own session."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def _secure_session_cookie(response) -> None:
    """Add ``Secure`` to the session cookie ``response`` sets, if it lacks it."""
    raw = response.raw_headers
    for i, (name, value) in enumerate(raw):
        if name == b"set-cookie" and value.startswith(SESSION_COOKIE.encode() + b"=") \
                and b"; secure" not in value.lower():
            raw[i] = (name, value + b"; Secure")
