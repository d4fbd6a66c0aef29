"""Titles shown and exported carry no bidi controls or zero-width characters, and the CSV guard
looks past leading spaces and invisible characters (issue 14)."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from sqlmodel import Session

from models.documents import list_documents, store_release
from models.tables import Document, Evidence
from models.text_controls import INVISIBLE_CONTROLS
from review.app import create_app
from tests.support.review_seed import seed
from sources.release import ParsedRelease
from tests.support.web_client import client_for

SPOOFED = "Joint statement \u202egnissecorp\u202c on\u200b defence\u2066 cooperation\u2069\ufeff"
FORMULA = "\u200b =HYPERLINK(\"http://x.example/\",\"click\")"


@pytest.fixture
def data(engine):
    with Session(engine, expire_on_commit=False) as s:
        out = seed(s)
        for key, title, published in (("spoof", SPOOFED, date(2026, 5, 1)), ("formula", FORMULA, None)):
            d = Document(canonical_url=f"http://127.0.0.1:9/{key}", source_id=out.sources["dnd_news_en"], lang="en",
                         title=title, body="Sample text for tests.", content_hash=key, published=published)
            s.add(d)
            s.flush()
            s.add(Evidence(document_id=d.id, commitment_id=out.commitments["1.1-2a"], score=0.9, rationale="r",
                           mention_spans=[], status="accepted", decided_by="ana"))
            out.documents[key] = d.id
        s.commit()
        return out


@pytest.fixture
def ana(engine, data):
    return client_for(create_app(engine), "ana")


def test_pages_show_titles_without_invisible_controls(ana, data):
    page = ana.get(f"/documents/{data.documents['spoof']}").text
    assert "gnissecorp on defence cooperation" in page and not INVISIBLE_CONTROLS.search(page)
    assert not INVISIBLE_CONTROLS.search(ana.get("/commitments/1.1-2a").text)


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "html"])
def test_exports_carry_no_invisible_controls(ana, fmt):
    text = ana.get(f"/export?format={fmt}").text
    assert "gnissecorp" in text and not INVISIBLE_CONTROLS.search(text)


def test_no_csv_cell_starts_a_formula_even_after_spaces(ana):
    rows = list(csv.reader(io.StringIO(ana.get("/export?format=csv").text)))
    cells = [cell for row in rows for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    text_cells = [cell for cell in cells if not cell.lstrip("+-").isdigit()]  # scores such as -1 are numbers
    assert not [cell for cell in text_cells if cell.lstrip()[:1] in ("=", "+", "-", "@")]


def test_titles_are_stored_clean_and_listed_clean(session, data):
    release = ParsedRelease(canonical_url="https://www.mod.go.jp/en/a.html", title=SPOOFED, published=date(2026, 5, 2),
                            body="Sample text for tests, long enough to be stored as a release body.", lang="en",
                            content_type="news-release")
    outcome = store_release(session=session, source_id=data.sources["dnd_news_en"], release=release)
    assert not INVISIBLE_CONTROLS.search(session.get(Document, outcome.document_id).title)
    assert not any(INVISIBLE_CONTROLS.search(d["title"]) for d in list_documents(session=session))
    assert json.dumps([d["title"] for d in list_documents(session=session)])
