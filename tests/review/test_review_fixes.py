"""The workbench audit's findings: events shown once and confirmed, scores, exports with decisions,
sign-out, bad addresses, injected source adding, user names, history before the roadmap."""
from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app as cli_app
from models.tables import Commitment, Document
from review.app import create_app
from tests.support.review_seed import seed
from tests.support.web_client import client_for

CONFIRMED = "confirmed by both governments"
BEFORE = "history (before the roadmap)"


@pytest.fixture
def data(engine):
    with Session(engine, expire_on_commit=False) as s:
        return seed(s)


@pytest.fixture
def ana(engine, data):
    return client_for(create_app(engine), "ana")


def accept(client, evidence_id: int) -> None:
    r = client.post(f"/review/{evidence_id}/accept", data={"csrf_token": client.csrf})
    assert r.status_code == 303


def test_an_event_is_one_queue_item_with_its_copies_and_its_confirmation(ana, data):
    page = ana.get("/review").text
    assert f'id="item-{data.evidence["kaedex_ja"]}"' in page
    assert f'id="item-{data.evidence["kaedex_en"]}"' not in page  # folded into the event's item
    assert "2 reports" in page and "Canada and Japan conduct exercise KAEDEx" in page
    assert page.count(CONFIRMED) == 1  # only the KAEDEx event was reported by both governments


def test_the_confirmation_shows_on_the_commitment_and_document_pages(ana, data):
    assert CONFIRMED in ana.get("/commitments/1.1-2b").text
    assert CONFIRMED not in ana.get("/commitments/1.3-1").text
    assert CONFIRMED in ana.get(f"/documents/{data.documents['kaedex_en']}").text
    assert CONFIRMED not in ana.get(f"/documents/{data.documents['cyber_en']}").text


def test_the_report_groups_accepted_evidence_by_event(ana, data):
    accept(ana, data.evidence["kaedex_ja"])  # accepts kaedex_en too
    accept(ana, data.evidence["policy_ja"])
    md = ana.get("/export?format=md").text
    heading = [line for line in md.splitlines() if "2 reports" in line]
    assert len(heading) == 1 and CONFIRMED in heading[0] and heading[0].startswith("- **")
    after = md.splitlines()[md.splitlines().index(heading[0]) + 1:][:2]
    assert all(line.startswith("  - 2026-04-0") for line in after)  # both reports listed under it
    assert "- 2026-04-05: [日加防衛政策協議の開催]" in md  # no event: a plain line
    html = ana.get("/export?format=html").text
    assert html.count("2 reports, " + CONFIRMED) == 1
    report = json.loads(ana.get("/export?format=json").text)
    kaedex = next(c for c in report["commitments"] if c["id"] == "1.1-2b")
    [event] = kaedex["events"]
    assert (event["reports"], event["confirmed_by_both"], len(event["documents"])) == (2, True, 2)
    assert CONFIRMED in ana.get("/export?format=csv").text


def test_unscored_and_scored_no_evidence_commitments_show_the_same_score(engine, ana, data):
    with Session(engine) as s:
        scored = s.get(Commitment, data.commitments["1.3-1"])
        scored.score, scored.status_rule = -1, "no accepted evidence"
        s.add(scored)
        s.commit()
    page = ana.get("/commitments").text
    assert page.count("no evidence (-1)") == 4  # three never scored (None), one scored by the rules
    assert "no evidence (-1)" in ana.get("/commitments/1.1-3").text
    report = json.loads(ana.get("/export?format=json").text)
    assert {c["score"] for c in report["commitments"]} == {-1}
    assert {c["status_rule"] for c in report["commitments"]} == {"no accepted evidence"}


def test_why_this_status_names_the_latest_evidence_once(engine, ana, data):
    with Session(engine) as s:
        c = s.get(Commitment, data.commitments["1.1-2b"])
        c.status, c.score, c.latest_evidence = "on track", 1, dt.date(2026, 4, 1)
        c.status_rule = "recurring (annual): latest evidence 2026-04-01, next expected by 2027-06-01"
        s.add(c)
        s.commit()
    page = ana.get("/commitments/1.1-2b").text
    rule = page[page.index("Why this status"):].split("</p>")[0]
    assert rule.count("latest evidence") == 1


def test_the_ui_offers_exports_with_every_decision(ana, data):
    accept(ana, data.evidence["cyber_en"])
    page = ana.get("/commitments").text
    links = [part.split('"')[0].replace("&amp;", "&") for part in page.split('class="export-history" href="')[1:]]
    assert len(links) == 4 and all("history=1" in link for link in links)
    csv_text = ana.get(next(link for link in links if "format=csv" in link)).text
    assert "ana accept suggested→accepted" in csv_text


def test_a_cookie_replayed_after_sign_out_is_refused(ana):
    cookie = ana.cookies.get("roadmap_session")
    assert ana.get("/").status_code == 200
    assert ana.post("/logout", data={"csrf_token": ana.csrf}).status_code == 303
    ana.cookies.set("roadmap_session", cookie)  # the old cookie, still validly signed
    r = ana.get("/")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


@pytest.mark.parametrize("path, code", [("/documents/abc", 404), ("/review?page=abc", 400),
                                        ("/audit?page=x", 400), ("/review?pos=1e9", 400)])
def test_malformed_addresses_get_the_error_page_not_json(ana, path, code):
    r = ana.get(path)
    assert r.status_code == code
    assert r.headers["content-type"].startswith("text/html") and "<h1>" in r.text and '"detail"' not in r.text


def test_without_injected_hooks_the_sources_page_cannot_add(engine, ana):
    assert "not available in this deployment" in ana.get("/sources").text
    r = ana.post("/sources", data={"csrf_token": ana.csrf, "name": "x_y", "url": "https://example.org/feed"})
    assert "not available in this deployment" in ana.get(r.headers["location"]).text


def test_injected_hooks_add_a_source_and_start_its_backfill(engine, data):
    from sources.config import KINDS, LANGUAGES

    calls = []

    class Report:
        name, kind, item_count = "gac_extra", "canada-news-api", 7

    def register(**kw):
        calls.append(("register", kw))
        if "bad" in kw["url"]:
            raise ValueError("that address is internal")
        return Report()

    app = create_app(engine, register_source=register, start_backfill=lambda name: calls.append(("backfill", name)),
                     source_kinds=KINDS, source_langs=LANGUAGES)
    client = client_for(app, "ana")
    form = client.get("/sources").text
    assert "<option>canada-news-api</option>" in form and "<option selected>auto</option>" in form
    client.post("/sources", data={"csrf_token": client.csrf, "name": "gac_extra", "kind": "canada-news-api",
                                  "url": "https://api.io.canada.ca/io-server/gc/news/en/v2?dept=x", "lang": "fr"})
    assert app.state.source_jobs.wait(10)  # checked and back-filled on worker threads
    assert calls[0][1]["kind"] == "canada-news-api" and calls[0][1]["lang"] == "fr"
    assert calls[1] == ("backfill", "gac_extra")
    client.post("/sources", data={"csrf_token": client.csrf, "name": "n", "url": "http://bad/"})
    assert app.state.source_jobs.wait(10)
    page = client.get("/sources").text
    assert "Source not added: that address is internal" in page and "Added source gac_extra" in page
    assert len(calls) == 3


def test_the_cli_hooks_turn_source_errors_into_messages(engine):
    from cli.ui_cmd import ui_source_hooks

    register, *_ = ui_source_hooks(engine)
    with pytest.raises(ValueError, match="Only http and https"):  # refused before any request
        register(name="ftp_feed", url="ftp://example.org/feed.xml", kind="rss", lang="en", country="CA")


def test_review_package_imports_only_models_and_config():
    allowed_roots = {"models", "config", "review"}
    project = {"models", "config", "review", "flows", "sources", "extractors", "cli", "samples"}
    for path in Path(__file__).resolve().parents[2].joinpath("review").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                root = name.split(".")[0]
                assert root not in project - allowed_roots, (path.name, name)
                assert root != "importlib", (path.name, name)


@pytest.mark.parametrize("name", ["<b>ev", "a", "ana smith", "x" * 65, "ana;drop", "ünï"])
def test_user_names_are_validated(engine, name):
    r = CliRunner().invoke(cli_app, ["users", "add", name, "--password-stdin"], input="a long secret here\n",
                           standalone_mode=False)
    assert r.exception is not None and "invalid user name" in str(r.exception)


def test_cli_show_prints_styles_not_markup_and_the_event(engine, data):
    out = CliRunner().invoke(cli_app, ["review", "show", str(data.evidence["kaedex_en"])],
                             standalone_mode=False).stdout
    assert "[bold]" not in out and "[/bold]" not in out
    assert f"evidence #{data.evidence['kaedex_en']}" in out and "1.1-2b" in out
    assert "2 reports, " + CONFIRMED in out


def test_documents_from_before_the_roadmap_are_marked_history(engine, ana, data):
    with Session(engine) as s:
        doc = s.get(Document, data.documents["policy_ja"])
        doc.published = dt.date(2026, 2, 20)
        s.add(doc)
        s.commit()
    page = ana.get("/review").text
    item = page[page.index(f'id="item-{data.evidence["policy_ja"]}"'):].split("</article>")[0]
    assert BEFORE in item and "Accept" in item  # marked, still reviewable
    assert page.count(BEFORE) == 1
    assert BEFORE in ana.get(f"/documents/{data.documents['policy_ja']}").text
    out = CliRunner().invoke(cli_app, ["review", "show", str(data.evidence["policy_ja"])], standalone_mode=False).stdout
    assert BEFORE in out
