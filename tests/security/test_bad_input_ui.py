"""Hostile text everywhere the UI shows it stays inert, on every GET route.

tests/review/test_review_routes.py (the review helper's) covers roles on every route, CSRF on every form and a
``<script>`` payload in a release. This adds what it does not: more payload shapes (attribute breakers,
``javascript:`` links, event handlers, template syntax), payloads in query parameters that pages echo
back, a hostile release link and audit reason, and a redirect target from the login form.
"""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from sqlmodel import Session

from models.tables import Document, Evidence, ReviewAction, Source
from review.app import create_app
from tests.support.review_seed import seed
from tests.support.web_client import all_routes, client_for

PAYLOADS = ['"><svg onload=alert(1)>', "'><img src=x onerror=alert(2)>", "<iframe src=javascript:alert(3)>",
            "{{7*7}}{% raw %}", "</textarea><script>alert(4)</script>", "<a href=\"javascript:alert(5)\">x</a>"]
HOSTILE = " ".join(PAYLOADS)
RAW = re.compile(r"<svg onload|<img src=x onerror|<iframe src=javascript|<script>alert|href=\"javascript:|"
                 r"href='javascript:|onerror=alert\(2\)>|\b49\b(?=\{% raw)", re.I)


@pytest.fixture
def data(engine):
    with Session(engine, expire_on_commit=False) as s:
        out = seed(s)
        doc = s.get(Document, out.documents["xss"])
        doc.title, doc.body, doc.canonical_url = f"T {HOSTILE}", f"Japan and Canada. {HOSTILE}", "javascript:alert(6)"
        src = s.get(Source, out.sources[next(n for n in out.sources if n.startswith("adhoc"))])
        src.name, src.last_error, src.url = f"adhoc {HOSTILE}", HOSTILE, "javascript:alert(7)"
        ev = s.get(Evidence, out.evidence["xss"])
        ev.rationale, ev.note = HOSTILE, HOSTILE
        s.add_all([doc, src, ev])
        s.add(ReviewAction(evidence_id=ev.id, user=f"mallory {HOSTILE}", action="reject", reason=HOSTILE,
                           from_status="suggested", to_status="suggested"))
        s.commit()
        return out


@pytest.fixture
def admin(engine, data):
    return client_for(create_app(engine), "adam")


def get_routes(data) -> list[str]:
    return sorted({path for method, path in all_routes(data) if method == "GET" and path != "/logout"})


def test_every_get_route_keeps_hostile_rows_inert(admin, data):
    for path in get_routes(data):
        r = admin.get(path)
        assert r.status_code in (200, 303), path
        assert not RAW.search(r.text), (path, RAW.search(r.text).group(0))


def test_query_parameters_echoed_by_pages_stay_inert(admin, data):
    keys = ("section", "source", "lang", "since", "until", "who", "format", "next", "page", "history")
    for payload, path in [(p, path) for p in PAYLOADS for path in get_routes(data)]:
        params = "&".join(f"{k}={quote(payload)}" for k in keys)
        r = admin.get(f"{path}?{params}")
        assert r.status_code in (200, 303, 400, 404, 422), (path, r.status_code)
        if "text/html" in r.headers.get("content-type", ""):
            assert not RAW.search(r.text), (path, RAW.search(r.text).group(0))
        else:  # FastAPI's 422 echoes the input as JSON: inert as long as no browser sniffs it as HTML
            assert r.headers["x-content-type-options"] == "nosniff", path
        assert "javascript:" not in r.headers.get("location", "")


@pytest.mark.parametrize("fmt", ["html", "md", "csv", "json"])
def test_exports_keep_hostile_rows_inert(admin, data, fmt):
    admin.post(f"/review/{data.evidence['xss']}/accept", data={"csrf_token": admin.csrf})
    r = admin.get(f"/export?format={fmt}&history=true")
    assert r.status_code == 200
    if fmt == "html":
        assert not RAW.search(r.text)
    else:
        assert "text/html" not in r.headers["content-type"]  # raw text is fine where it is not HTML


@pytest.mark.parametrize("target", ["javascript:alert(1)", "//evil.example/", "https://evil.example/",
                                    "/\\evil.example", "\\\\evil.example", "/%2F%2Fevil.example"])
def test_login_never_redirects_off_site(engine, data, target):
    from tests.support.review_seed import PASSWORD

    client = client_for(create_app(engine), None)
    r = client.post("/login", data={"username": "ana", "password": PASSWORD, "csrf_token": client.csrf,
                                    "next": target})
    location = r.headers["location"]
    assert r.status_code == 303 and location.startswith("/") and not location.startswith(("//", "/\\")), location
