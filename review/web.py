"""What every page handler shares: templates, flash messages, safe URLs (the database session: review.db_session)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit, urlunsplit

import jinja2
from fastapi import Path as PathParam
from fastapi import Query, Request
from fastapi.templating import Jinja2Templates

from models.text_controls import without_invisible_controls
from review.auth import csrf_token
from reports.links import safe_url
from reports.status_display import shown_rule, shown_score

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"

STATUS_ORDER = ("achieved", "on track", "under way", "overdue", "no evidence")

# Ids are INTEGER columns (32 bits on PostgreSQL): a larger number names nothing (404), and must not
# reach the database, whose driver would fail on it (a 500).
MAX_ROW_ID = 2**31 - 1
RowId = Annotated[int, PathParam(ge=1, le=MAX_ROW_ID)]
PageNumber = Annotated[int, Query(le=1_000_000)]  # pages start at 1; below is read as 1


def without_credentials(url: str | None) -> str:
    """``url`` without a user name or password: sources registered before they were refused keep them."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return ""
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2])) if "@" in parts.netloc else (url or "")


def status_class(status: str | None) -> str:
    return "st-" + (status or "none").replace(" ", "-").replace("_", "-")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_url"] = safe_url
    env.filters["no_credentials"] = without_credentials
    env.filters["shown"] = without_invisible_controls  # titles: no bidi overrides or zero-width characters
    env.filters["score"] = shown_score
    env.filters["rule"] = shown_rule
    env.filters["status_class"] = status_class
    env.filters["dt"] = lambda v: v.strftime("%Y-%m-%d %H:%M") if v else "—"
    env.filters["d"] = lambda v: v.isoformat() if v else "—"
    env.globals["STATUS_ORDER"] = STATUS_ORDER
    return env


templates = Jinja2Templates(env=_environment())


def flash(request: Request, text: str, kind: str = "info") -> None:
    """A message shown once on the next page."""
    request.session.setdefault("flash", [])
    request.session["flash"] = request.session["flash"] + [[kind, text]]


def render(request: Request, name: str, status_code: int = 200, **context):
    """Render a template with the user, CSRF token and pending flash messages."""
    context.setdefault("user", getattr(request.state, "user", None))
    context["csrf_token"] = csrf_token(request)
    context["messages"] = request.session.pop("flash", [])
    return templates.TemplateResponse(request, name, context, status_code=status_code)
