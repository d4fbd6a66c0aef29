"""The web UI in-process: sign-in, roles on every route, CSRF on every form, escaping, decisions."""
from __future__ import annotations


import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models.tables import Commitment, Evidence, ReviewAction
from review.app import create_app
from tests.support.review_seed import PASSWORD, seed
from tests.support.web_client import all_routes, client_for

ROLE_OF = {"ana": "analyst", "rita": "reader", "adam": "admin"}


@pytest.fixture
def data(engine):
    with Session(engine, expire_on_commit=False) as s:
        return seed(s)


@pytest.fixture
def app(engine, data):
    return create_app(engine)


def snapshot(engine) -> tuple:
    with Session(engine) as s:
        return (tuple((e.id, e.status, e.commitment_id) for e in s.exec(select(Evidence).order_by(Evidence.id))),
                len(s.exec(select(ReviewAction)).all()),
                tuple((c.cid, c.status) for c in s.exec(select(Commitment).order_by(Commitment.id))))


GET_ROLES = {"/": "reader", "/review": "analyst", "/review/commitments": "analyst", "/commitments": "reader", "/commitments/1.3-1": "reader",
             "/sources": "reader", "/audit": "reader", "/export": "reader", "/users": "admin"}
POST_ROLES = {"/review/undo": "analyst", "/sources": "analyst", "/users": "admin"}


def needed_role(method: str, path: str) -> str | None:
    if path in ("/login", "/logout"):
        return None
    if method == "GET":
        return "reader" if path.startswith(("/documents/", "/events/")) else GET_ROLES[path]
    return POST_ROLES.get(path, "analyst")


def test_every_route_is_known_to_this_test(data):
    routes = all_routes(data)
    assert len(routes) >= 18
    for method, path in routes:
        needed_role(method, path)  # KeyError: a new route whose role this test does not check


@pytest.mark.parametrize("username", [None, "rita", "ana", "adam"])
def test_every_route_needs_the_right_role(app, data, engine, username):
    from models.users import role_allows

    client = client_for(app, username)
    for method, path in all_routes(data):
        role = needed_role(method, path)
        if role is None:
            continue
        if method == "GET":
            r = client.get(path)
        else:
            r = client.post(path, data={"csrf_token": client.csrf, "reason": "duplicate", "to_cid": "1.1-3",
                                        "cid": "1.1-2a", "text": "n", "username": "x", "password": "p"})
        if username is None:
            assert (r.status_code, r.headers.get("location", "")[:7]) == ((303, "/login?") if method == "GET"
                                                                          else (401, "")), (method, path)
        elif role_allows(ROLE_OF[username], role):
            assert r.status_code in (200, 303), (method, path, r.status_code)
        else:
            assert r.status_code == 403, (method, path, username, r.status_code)


def test_forms_without_a_valid_csrf_token_are_refused(app, data, engine):
    client = client_for(app, "adam")
    before = snapshot(engine)
    for method, path in all_routes(data):
        if method != "POST":
            continue
        for token in (None, "forged", client.csrf[:-1]):
            form = {"reason": "duplicate", "to_cid": "1.1-3", "cid": "1.1-2a", "text": "n"}
            if token:
                form["csrf_token"] = token
            assert client.post(path, data=form).status_code == 403, (path, token)
    assert snapshot(engine) == before
    other = client_for(app, "ana")  # a token from another session is no good either
    r = client.post(f"/review/{data.evidence['xss']}/accept", data={"csrf_token": other.csrf})
    assert r.status_code == 403


def test_login_needs_csrf_and_the_right_password(app, data):
    client = TestClient(app, follow_redirects=False)
    assert client.post("/login", data={"username": "ana", "password": PASSWORD}).status_code == 403
    client = client_for(app, None)
    r = client.post("/login", data={"username": "ana", "password": "wrong password!", "csrf_token": client.csrf})
    assert r.status_code == 401 and "wrong password" in r.text
    r = client.post("/login", data={"username": "ana", "password": PASSWORD, "csrf_token": client.csrf,
                                    "next": "//evil.example/"})
    assert r.headers["location"] == "/"


def test_get_changes_nothing(app, data, engine):
    client = client_for(app, "adam")
    before = snapshot(engine)
    for method, path in all_routes(data):
        if method == "GET":
            assert client.get(path).status_code in (200, 303), path
    for path in ("/review/undo", f"/review/{data.evidence['xss']}/accept"):
        assert client.get(path).status_code in (404, 405)
    assert snapshot(engine) == before


def test_release_text_and_source_names_are_escaped_everywhere(app, data):
    client = client_for(app, "adam")
    assert "&lt;script&gt;" in client.get("/review").text
    client.post(f"/review/{data.evidence['xss']}/accept", data={"csrf_token": client.csrf})  # in latest evidence
    pages = ["/", f"/documents/{data.documents['xss']}", "/commitments/1.1-2a", "/sources",
             "/export?format=html"]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert "<script>window.__xss" not in r.text and "<img src=x" not in r.text, path
        assert "&lt;script&gt;" in r.text, path
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]


def test_sessions_expire(engine, data):
    from config.settings import Settings

    app = create_app(engine, Settings(session_max_age=-1))
    client = client_for(app, None)
    client.post("/login", data={"username": "ana", "password": PASSWORD, "csrf_token": client.csrf})
    assert client.get("/").status_code == 303


def test_review_by_form_accepts_copies_recomputes_and_undoes(app, data, engine):
    client = client_for(app, "ana")
    ev = data.evidence
    r = client.post(f"/review/{ev['kaedex_ja']}/accept", data={"csrf_token": client.csrf, "back": "/review", "pos": "0"})
    assert r.status_code == 303 and r.headers["location"].startswith("/review")
    with Session(engine) as s:
        assert s.get(Evidence, ev["kaedex_en"]).status == "accepted"
        assert s.get(Commitment, data.commitments["1.1-2b"]).status != "no evidence"
        actions = s.exec(select(ReviewAction)).all()
        assert {(a.user, a.action) for a in actions} == {("ana", "accept")} and len(actions) == 2
    client.post("/review/undo", data={"csrf_token": client.csrf})
    with Session(engine) as s:
        assert s.get(Evidence, ev["kaedex_en"]).status == "suggested"
        assert s.get(Commitment, data.commitments["1.1-2b"]).latest_evidence is None
    audit = client.get("/audit").text
    assert "undo" in audit and "ana" in audit


def test_reject_relink_and_add_link_from_forms(app, data, engine):
    client = client_for(app, "ana")
    ev, docs = data.evidence, data.documents
    client.post(f"/review/{ev['xss']}/reject", data={"csrf_token": client.csrf, "reason": "not-bilateral"})
    client.post(f"/review/{ev['cyber_en']}/relink", data={"csrf_token": client.csrf, "to_cid": "1.1-3"})
    client.post(f"/documents/{docs['policy_ja']}/links", data={"csrf_token": client.csrf, "cid": "1.3-1"})
    r = client.post(f"/review/{ev['policy_ja']}/reject", data={"csrf_token": client.csrf, "reason": "bogus"})
    assert "unknown reason" in client.get(r.headers["location"]).text
    with Session(engine) as s:
        assert s.get(Evidence, ev["xss"]).status == "rejected"
        assert s.get(Evidence, ev["cyber_en"]).commitment_id == data.commitments["1.1-3"]
        assert s.get(Evidence, ev["policy_ja"]).status == "suggested"
        assert [a.action for a in s.exec(select(ReviewAction).order_by(ReviewAction.id))] == ["reject", "relink", "add"]


def test_exports_list_accepted_evidence_and_history(app, data):
    client = client_for(app, "ana")
    client.post(f"/review/{data.evidence['cyber_en']}/accept", data={"csrf_token": client.csrf})
    reader = client_for(app, "rita")
    csv_text = reader.get("/export?format=csv&history=true").text
    assert "Japan and Canada hold first cyber policy dialogue" in csv_text and "ana accept" in csv_text
    md = reader.get("/export?format=md&section=1.3").text
    assert "### 1.3-1: " in md and "dnd\\_news" in md and "<script>" not in md
    assert reader.get("/export?format=pdf").status_code == 400


def test_a_restarted_ui_keeps_its_users_signed_in(engine, data):
    first = client_for(create_app(engine), "ana")
    assert first.get("/review").status_code == 200
    restarted = TestClient(create_app(engine), follow_redirects=False)  # a new process: same ROADMAP_HOME
    restarted.cookies = first.cookies
    assert restarted.get("/review").status_code == 200
