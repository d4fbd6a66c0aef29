"""The review UI in headless Debian chromium: sign in and review by keyboard only; scripts stay inert.

Runs the real app with uvicorn on 127.0.0.1 (an ephemeral port). Never downloads a browser: it uses
/usr/bin/chromium; without it the tests are skipped locally and fail in CI.
"""
from __future__ import annotations


import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from models.tables import Commitment, Evidence, ReviewAction
from tests.support.browser import ARTIFACTS, page_overflow, sign_in_by_keyboard

pytestmark = [pytest.mark.browser, pytest.mark.slow]

def press(page, *keys: str) -> None:
    """Press keys; the last one submits a form, so wait for the page it leads to."""
    for key in keys[:-1]:
        page.keyboard.press(key)
    with page.expect_navigation():
        page.keyboard.press(keys[-1])


def test_review_three_suggestions_by_keyboard_and_undo_one(server, page, engine):
    base, data = server
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in_by_keyboard(page, base)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    press(page, "g", "q")
    assert page.url.startswith(f"{base}/review")
    first = page.locator(".item.current")
    assert first.get_attribute("id") == f"item-{data.evidence['cyber_en']}"  # the most uncertain first
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)

    press(page, "a")                       # accept the cyber dialogue
    page.keyboard.press("r")               # reject the next one: the reason picker opens
    expect(page.locator(".item.current .picker")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "review-reject-reasons.png"))
    with page.expect_navigation():
        page.keyboard.press("2")           # "Not a Japan–Canada matter"
    # the page keeps its order: the two decided items stay in place, showing their decisions
    assert page.locator(".item.decided").count() == 2
    assert page.locator(".item:not(.decided)").count() == 2  # policy talks, and KAEDEx once for its two reports
    assert "confirmed by both governments" in page.locator(".item").nth(3).inner_text()
    press(page, "j", "k", "j", "a")        # move down, back and down, accept KAEDEx (and its copy)
    press(page, "u")                       # undo the last decision
    flash = page.locator(".flash").inner_text()
    assert f"Undid: accept of evidence #{data.evidence['kaedex_ja']}" in flash
    assert "日加共同訓練" in flash and "→ 1.1-2b" in flash and "1 other report" in flash

    with Session(engine) as s:
        ev = {k: s.get(Evidence, v) for k, v in data.evidence.items()}
        assert ev["cyber_en"].status == "accepted" and ev["cyber_en"].decided_by == "ana"
        assert (ev["xss"].status, ev["kaedex_en"].status, ev["kaedex_ja"].status) == ("rejected", "suggested", "suggested")
        assert s.get(Commitment, data.commitments["1.3-1"]).status != "no evidence"
        actions = [(a.action, a.evidence_id) for a in s.exec(select(ReviewAction).order_by(ReviewAction.id))]
    assert [a for a, _ in actions] == ["accept", "reject", "accept", "accept", "undo", "undo"]

    page.goto(f"{base}/commitments/1.3-1")
    assert "no evidence" not in page.locator("h1 .status").inner_text()
    page.screenshot(path=str(ARTIFACTS / "commitment.png"), full_page=True)
    page.goto(f"{base}/audit")
    rows = page.locator("table.audit tbody tr")
    assert rows.count() == 6
    assert "undo" in rows.first.inner_text() and "ana" in rows.first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "audit.png"), full_page=True)
    assert page.errors == []


def test_release_with_a_script_stays_inert(server, page):
    base, data = server
    sign_in_by_keyboard(page, base)
    for path in ("/review", f"/documents/{data.documents['xss']}", "/sources", "/commitments/1.1-2a", "/"):
        page.goto(base + path)
        assert page.evaluate("window.__xss") is None, path
    page.goto(f"{base}/documents/{data.documents['xss']}")
    assert "<script>window.__xss=1</script>" in page.locator("h1").inner_text()
    assert page.locator("main script, main img").count() == 0
    page.screenshot(path=str(ARTIFACTS / "document-with-script.png"), full_page=True)
    assert page.errors == []


@pytest.mark.parametrize("extra", [8])
def test_ten_decisions_from_sign_in_without_the_mouse(server, page, engine):
    base, data = server
    sign_in_by_keyboard(page, base)
    press(page, "g", "q")
    for i in range(10):
        if i % 3 == 1:
            press(page, "r", "3")
        else:
            press(page, "a")
    with Session(engine) as s:
        decided = [a for a in s.exec(select(ReviewAction)) if a.action in ("accept", "reject") and a.user == "ana"]
    assert len({a.at for a in decided}) == 10  # ten decisions (an accepted event counts once)
    page.goto(f"{base}/audit?who=ana")
    assert page.locator("table.audit tbody tr").count() == len(decided)
    csv_text = page.request.get(f"{base}/export?format=csv&history=true").text()
    assert csv_text.count("ana accept") + csv_text.count("ana reject") == len(decided)
    assert page.errors == []


LONG_URL = ("https://api.io.canada.ca/io-server/gc/news/en/v2?dept=departmentofnationaldefense&type=newsreleases"
            "&sort=publishedDate&orderBy=desc&publishedDate%3E=2026-03-06&pick=50&format=atom&atomtitle=National%20Defence")


def test_sources_page_fits_a_laptop_screen_with_long_urls(server, page, engine):
    from models.tables import Source

    base, data = server
    with Session(engine) as s:
        src = s.get(Source, data.sources["dnd_news_en"])
        src.url, src.last_error = LONG_URL, f"HTTP 503 from {LONG_URL}"
        s.add(src)
        s.commit()
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in_by_keyboard(page, base)
    page.goto(f"{base}/sources")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sources-1366.png"), full_page=True)
    assert page_overflow(page) <= 0
    for cell in page.locator("table.sources tbody td:nth-child(3)").all():  # dates on one line, inside their cell
        date, box = cell.locator(".date").bounding_box(), cell.bounding_box()
        assert date["height"] < 30 and date["x"] + date["width"] <= box["x"] + box["width"]


def test_review_queue_fits_a_phone(server, page):
    base, data = server
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_by_keyboard(page, base)
    page.goto(f"{base}/review")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-390.png"), full_page=True)
    assert page_overflow(page) <= 0
    for button in page.locator(".item button").all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, button.inner_text()
    assert page.errors == []
