"""Linking end to end on background lines: membership clauses, history, releases about other partners."""
from __future__ import annotations

import pytest

from config.roadmap_data import load_bundle
from extractors.extract import extract_mentions
from extractors.linker import Linker, other_partner_document
from extractors.types import DocumentInput


@pytest.fixture(scope="module")
def linker():
    return Linker(load_bundle().commitment_infos(), threshold=0.5)


def suggested(linker, doc):
    return [link.commitment_id for link in linker.link(doc, extract_mentions(doc.text, doc.lang)) if link.suggested]


@pytest.mark.parametrize("lang, title, text", [
    ("en", "Ministers discuss regional security",
     "Japan and Canada, both of which are parties to the CPTPP, discussed regional security."),
    ("ja", "日加外相電話会談", "日本とカナダは、いずれもCPTPPの締約国であり、2018年に同協定が発効した。"),
    ("en", "Canada and Germany deepen energy cooperation",
     "Berlin. Canada and Germany reviewed their energy cooperation. " + "Ministers talked. " * 20
     + "Canada also cooperates with Japan through the Canada-Japan Energy Policy Dialogue, which last met in 2025."),
])
def test_background_lines_are_not_evidence(linker, lang, title, text):
    assert suggested(linker, DocumentInput(id="d", title=title, text=text, lang=lang)) == []


def test_a_release_about_other_partners_damps_even_a_reported_act(linker):
    text = ("Berlin. Canada and Germany held energy talks today. " + "Ministers talked. " * 20
            + "Separately, the Canada-Japan Energy Policy Dialogue was held in Tokyo.")
    doc = DocumentInput(id="d", title="Canada and Germany deepen energy cooperation", text=text, lang="en")
    assert other_partner_document(doc, "en") == "DE"
    links = linker.link(doc, extract_mentions(text, "en"))
    assert links and all(not link.suggested for link in links)
    assert "background line" in links[0].rationale


def test_a_japan_canada_release_is_not_damped(linker):
    doc = DocumentInput(id="d", title="Japan-Canada Energy Policy Dialogue", lang="en",
                        text="Tokyo. The Canada-Japan Energy Policy Dialogue was held today with observers from Germany.")
    assert other_partner_document(doc, "en") is None
    assert "4.1-1" in suggested(linker, doc)
