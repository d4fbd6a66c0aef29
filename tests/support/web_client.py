"""The review UI in-process: a signed-in test client, and every route of the app."""
from __future__ import annotations

import re

from fastapi.testclient import TestClient

from review.app import ROUTERS
from tests.support.review_seed import PASSWORD

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def client_for(app, username: str | None) -> TestClient:
    """An in-process client of `app`, signed in as `username` (seeded with review_seed.PASSWORD) unless None;
    its `csrf` attribute holds the token its forms need."""
    client = TestClient(app, follow_redirects=False)
    page = client.get("/login")
    client.csrf = CSRF_RE.search(page.text).group(1)
    if username:
        r = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": client.csrf})
        assert r.status_code == 303, r.text
        client.csrf = CSRF_RE.search(client.get("/").text).group(1)
    return client


def all_routes(data):
    """(method, concrete path, role needed) for every route of the app."""
    ev, doc = data.evidence["cyber_en"], data.documents["cyber_en"]
    out = []
    for module in ROUTERS:
        for route in module.router.routes:
            path = route.path.replace("{evidence_id}", str(ev)).replace("{document_id}", str(doc)).replace("{action_id}", "1") \
                .replace("{event_id}", str(data.documents["_event"])) \
                .replace("{cid}", "1.3-1").replace("{job_id}", "1")
            for method in route.methods:
                out.append((method, path))
    return out
