"""The sources page in headless Debian chromium while an addition goes on: it follows the check, the
back-fill and the processing without reloading (what the user is typing stays), and a refusal puts the
typed values back with the reason beside the field (issue 16)."""
from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect

from review.source_jobs import SourceRefused
from tests.support.browser import ARTIFACTS, sign_in_by_keyboard

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FOLLOW_MS = 20_000  # the page asks every few seconds


class Report:
    kind, item_count = "rss", 4

    def __init__(self, name):
        self.name = name


class Stored:
    document_ids, error = [1, 2, 3], None


class Processed:
    suggestions, failed = 2, {}


@pytest.fixture
def gates():
    gates = {step: threading.Event() for step in ("check", "backfill", "process")}
    yield gates
    for gate in gates.values():
        gate.set()


@pytest.fixture
def app_hooks(gates):
    def register(*, name, url, kind, lang, country):
        assert gates["check"].wait(60)
        if name == "mofa_press_ja":
            raise SourceRefused(f"{name!r} is already a configured source; choose another name", field="name")
        return Report(name)

    def backfill(name):
        assert gates["backfill"].wait(60)
        return Stored()

    def process(document_ids):
        assert gates["process"].wait(60)
        return Processed()

    return {"register_source": register, "start_backfill": backfill, "process_documents": process,
            "source_kinds": ("rss",), "source_langs": ("en", "ja")}


def _submit(page, name: str, url: str) -> None:
    form = page.locator("form.f-source")
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=url]").fill(url)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_the_page_follows_an_addition_and_keeps_what_is_being_typed(server, page, gates):
    base, _data = server
    sign_in_by_keyboard(page, base)
    page.goto(f"{base}/sources")
    _submit(page, "extra_feed", "https://feeds.example.org/extra.xml")
    job = page.locator("ul.source-jobs li", has_text="extra_feed")
    expect(job.locator(".job-state")).to_have_text("checking the site…")
    page.evaluate("window.__notReloaded = true")
    page.locator("form.f-source input[name=name]").fill("next_feed")  # the user goes on with another one

    gates["check"].set()
    expect(job.locator(".job-state")).to_have_text("fetching…", timeout=FOLLOW_MS)
    gates["backfill"].set()
    expect(job.locator(".job-state")).to_have_text("3 stored, processing…", timeout=FOLLOW_MS)
    gates["process"].set()
    expect(job.locator(".job-state")).to_have_text("processed: 2 suggestions", timeout=FOLLOW_MS)
    expect(job.locator("a[href='/review']")).to_be_visible()
    assert page.evaluate("window.__notReloaded") is True
    expect(page.locator("form.f-source input[name=name]")).to_have_value("next_feed")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sources-processed.png"), full_page=True)
    assert page.errors == []


def test_a_refused_addition_comes_back_filled_in_with_the_reason_beside_the_name(server, page, gates):
    base, _data = server
    sign_in_by_keyboard(page, base)
    page.goto(f"{base}/sources")
    form = page.locator("form.f-source")
    form.locator("select[name=lang]").select_option("ja")
    _submit(page, "mofa_press_ja", "https://feeds.example.org/mofa.xml")
    expect(page.locator("form.f-source input[name=name]")).to_have_value("")  # being checked: a fresh form
    gates["check"].set()
    error = page.locator("form.f-source #error-name")
    expect(error).to_contain_text("already a configured source", timeout=FOLLOW_MS)
    form = page.locator("form.f-source")
    expect(form.locator("input[name=name]")).to_have_value("mofa_press_ja")
    expect(form.locator("input[name=url]")).to_have_value("https://feeds.example.org/mofa.xml")
    expect(form.locator("select[name=lang]")).to_have_value("ja")
    expect(form.locator("input[name=name]")).to_have_attribute("aria-invalid", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sources-refused.png"), full_page=True)
    assert page.errors == []
