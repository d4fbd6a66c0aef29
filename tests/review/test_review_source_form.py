"""The add-source form keeps what the user typed when the addition is refused: the fields come back
filled in and the reason stands beside the field it is about (issue 16). Refusals come from the real
hooks of `roadmap ui` (no request leaves the machine: each is refused before any fetch; public hosts are given as
addresses, which need no name lookup)."""
from __future__ import annotations

import socket

import lxml.html
import pytest
from sqlmodel import Session

from cli.ui_cmd import ui_source_hooks
from config.settings import get_settings
from review.app import create_app
from tests.support.review_seed import seed
from sources.config import KINDS, LANGUAGES
from tests.support.web_client import client_for


@pytest.fixture
def client(engine, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("ROADMAP_ALLOW_PRIVATE_URLS", "0")  # refuse private hosts, as in production
    get_settings.cache_clear()
    with Session(engine, expire_on_commit=False) as s:
        seed(s)
    register, backfill, process = ui_source_hooks(engine)
    app = create_app(engine, register_source=register, start_backfill=backfill, process_documents=process,
                     source_kinds=KINDS, source_langs=LANGUAGES)
    c = client_for(app, "ana")
    c.app_state = app.state
    yield c
    get_settings.cache_clear()


def _form(html: str) -> dict:
    """The add-source form's values and the errors shown in it, by field."""
    form = lxml.html.fromstring(html).cssselect("form.f-source")[0]
    values = {el.get("name"): el.get("value") or "" for el in form.cssselect("input:not([type=hidden])")}
    for select in form.cssselect("select"):
        chosen = select.cssselect("option[selected]")
        values[select.get("name")] = (chosen[0].get("value") or chosen[0].text) if chosen else ""
    errors = {el.get("id").removeprefix("error-"): el.text_content() for el in form.cssselect(".field-error")}
    return {"values": values, "errors": errors,
            "invalid": {el.get("name") for el in form.cssselect("[aria-invalid=true]")}}


def _post(client, **fields):
    return client.post("/sources", data={"csrf_token": client.csrf, **fields})


def _refused_later(client, **fields) -> dict:
    """Submit, let the site check run, and read the form of the page the user sees next."""
    r = _post(client, **fields)
    assert r.status_code == 303 and client.app_state.source_jobs.wait(30)
    return _form(client.get(r.headers["location"]).text)


def test_an_empty_url_is_refused_at_once_with_the_other_fields_kept(client):
    r = _post(client, name="gac_extra", url="  ", kind="rss", lang="fr", country="CA")
    assert r.status_code == 400
    form = _form(r.text)
    assert form["values"] == {"name": "gac_extra", "url": "", "kind": "rss", "lang": "fr", "country": "CA"}
    assert list(form["errors"]) == ["url"] and "a feed or listing URL is needed" in form["errors"]["url"]
    assert form["invalid"] == {"url"}
    assert client.app_state.source_jobs.recent() == []  # nothing was started


def test_a_name_already_in_use_is_shown_beside_the_name(client):
    form = _refused_later(client, name="mofa_press_ja", url="https://93.184.216.34/news/feed.xml", kind="rss",
                          lang="ja", country="JP")
    assert form["values"] == {"name": "mofa_press_ja", "url": "https://93.184.216.34/news/feed.xml",
                              "kind": "rss", "lang": "ja", "country": "JP"}
    assert list(form["errors"]) == ["name"] and "already a configured source" in form["errors"]["name"]
    assert form["invalid"] == {"name"}


def test_a_private_host_is_shown_beside_the_url(client):
    form = _refused_later(client, name="intranet_news", url="http://10.1.2.3/news/rss.xml", kind="auto",
                          lang="en", country="")
    assert form["values"]["name"] == "intranet_news" and form["values"]["url"] == "http://10.1.2.3/news/rss.xml"
    assert (form["values"]["kind"], form["values"]["lang"], form["values"]["country"]) == ("auto", "en", "")
    assert list(form["errors"]) == ["url"] and "Source not added" in form["errors"]["url"]


def test_a_password_in_the_url_is_not_put_back_in_the_form(client):
    form = _refused_later(client, name="sneaky", url="https://reader:hunter2secret@feeds.example.org/rss.xml")
    assert form["values"]["url"] == "https://feeds.example.org/rss.xml" and form["values"]["name"] == "sneaky"
    assert "user name or password" in form["errors"]["url"]


def test_a_restart_forgets_the_refusal_and_a_new_submission_replaces_it(client, engine):
    _refused_later(client, name="mofa_press_ja", url="https://93.184.216.34/news/feed.xml")
    other = client_for(create_app(engine, register_source=lambda **kw: None, start_backfill=lambda name: None),
                       "ana")  # a restarted UI: no additions listed, an empty form
    assert _form(other.get("/sources").text)["values"]["name"] == ""
    r = _post(client, name="", url="https://www.example.org/b.xml")
    assert r.status_code == 400 and _form(r.text)["values"]["url"] == "https://www.example.org/b.xml"
    assert list(_form(r.text)["errors"]) == ["name"]
