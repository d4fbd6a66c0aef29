"""The review workbench in headless Debian chromium: a queue that keeps its order, a bulk decision on a
filtered queue undone as one, moving evidence by searching commitments, and pages that fit a phone."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from models.tables import Document, Evidence, ReviewAction
from tests.support.browser import ARTIFACTS, page_overflow, sign_in_by_keyboard

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def item_ids(page) -> list[str]:
    return [el.get_attribute("id") for el in page.locator("#queue .item").all()]


@pytest.mark.parametrize("extra", [4])
def test_the_queue_keeps_its_order_after_decisions_and_shows_its_rule(server, page):
    base, data = server
    sign_in_by_keyboard(page, base)
    page.goto(f"{base}/review")
    assert "nearest the link threshold" in page.locator(".order-rule").inner_text()
    before = item_ids(page)
    second = page.locator("#queue .item").nth(1)
    with page.expect_navigation():
        second.locator(".f-accept button").click()
    assert item_ids(page) == before  # nothing moved up into the decided item's place
    decided = page.locator("#queue .item").nth(1)
    assert "decided" in decided.get_attribute("class") and "accepted by ana" in decided.inner_text()
    assert page.locator(".item.current").get_attribute("id") == before[2]  # the keyboard goes on to the next one
    with page.expect_navigation():
        page.keyboard.press("s")
    assert item_ids(page) == before and "skipped" in page.locator("#queue .item").nth(2).inner_text()

    page.select_option("select[name=order]", "newest")
    with page.expect_navigation():
        page.click(".filters button[type=submit]")
    assert "newest documents first" in page.locator(".order-rule").inner_text()
    assert page.locator("#queue .item").first.get_attribute("id") == f"item-{data.evidence['extra3']}"
    assert page.errors == []


def test_bulk_reject_of_the_history_filter_is_one_decision_and_one_undo(server, page, engine):
    base, data = server
    with Session(engine) as s:  # two releases from before the roadmap (6 March 2026)
        for key in ("cyber_en", "policy_ja"):
            doc = s.get(Document, data.documents[key])
            doc.published = dt.date(2026, 2, 1)
            s.add(doc)
        s.commit()
    sign_in_by_keyboard(page, base)
    page.goto(f"{base}/review")
    page.select_option("select[name=history]", "only")
    with page.expect_navigation():
        page.click(".filters button[type=submit]")
    assert page.locator("#queue .item").count() == 2
    assert page.locator(".badge-history").count() == 2
    bulk = page.locator("form.bulk")
    assert bulk.locator("select[name=reason]").input_value() == "background-only"
    with page.expect_navigation():
        bulk.locator("button").click()
    assert "Rejected 2 items" in page.locator(".flash").inner_text()
    assert "Nothing to review with these filters" in page.inner_text("main")
    with Session(engine) as s:
        ev = {k: s.get(Evidence, v) for k, v in data.evidence.items()}
        assert (ev["cyber_en"].status, ev["policy_ja"].status) == ("rejected", "rejected")
        assert {ev[k].status for k in ("xss", "kaedex_ja", "kaedex_en")} == {"suggested"}
        rejects = s.exec(select(ReviewAction).where(ReviewAction.action == "reject")).all()
        assert len(rejects) == 2 and len({a.at for a in rejects}) == 1

    assert "reject of 2 items" in page.locator(".undo-what").inner_text()
    with page.expect_navigation():
        page.keyboard.press("u")
    assert "Undid: reject of 2 items" in page.locator(".flash").inner_text()
    with Session(engine) as s:
        assert {s.get(Evidence, data.evidence[k]).status for k in ("cyber_en", "policy_ja")} == {"suggested"}
        assert len(s.exec(select(ReviewAction).where(ReviewAction.action == "undo")).all()) == 2
    assert page.locator("#queue .item").count() == 2
    assert page.errors == []


def test_move_to_a_commitment_found_by_words_of_its_text(server, page, engine):
    base, data = server
    sign_in_by_keyboard(page, base)
    page.goto(f"{base}/review")
    item = page.locator(f"#item-{data.evidence['xss']}")
    box = item.locator("input[name=to_cid]")
    box.click()
    page.keyboard.type("cyber dialogue")  # words of 1.3-1's English text, not its ID
    choice = item.locator(".suggestions button[data-cid='1.3-1']")
    # answers to the shorter prefixes typed before may be shown first: wait for the list of the whole words
    expect(item.locator(".suggestions button")).to_have_count(1, timeout=10_000)
    expect(choice).to_be_visible()
    assert "サイバー政策対話" in choice.inner_text()
    choice.click()
    assert box.input_value() == "1.3-1"
    with page.expect_navigation():
        item.locator(".f-relink button[type=submit]").click()
    assert "from 1.1-2a to 1.3-1" in page.locator(".flash").inner_text()
    with Session(engine) as s:
        assert s.get(Evidence, data.evidence["xss"]).commitment_id == data.commitments["1.3-1"]

    kaedex = page.locator(f"#item-{data.evidence['kaedex_ja']}")  # an ID typed loosely is understood
    kaedex.locator("input[name=to_cid]").fill("1.1-2A ")
    with page.expect_navigation():
        kaedex.locator(".f-relink button[type=submit]").click()
    assert "to 1.1-2a" in page.locator(".flash").inner_text()
    assert page.errors == []


@pytest.mark.parametrize("path", ["/", "/review", "/commitments/1.1-2b", "/commitments", "/audit"])
def test_pages_fit_a_phone(server, page, path):
    base, data = server
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_by_keyboard(page, base)
    page.goto(base + path)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-{path.strip('/').replace('/', '-') or 'dashboard'}.png"), full_page=True)
    assert page_overflow(page) <= 0, path
    for svg in page.locator("main svg").all():
        box = svg.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, path
    assert page.errors == []


def test_audit_rows_link_to_what_they_decided_and_revert_an_older_decision(server, page, engine):
    base, data = server
    sign_in_by_keyboard(page, base)
    page.goto(f"{base}/review")
    for key, button in (("kaedex_ja", ".f-accept button"), ("xss", ".f-reject button")):
        with page.expect_navigation():
            page.locator(f"#item-{data.evidence[key]} {button}").click()
    page.goto(f"{base}/audit")
    doc_links = page.locator("table.audit a.audit-doc")
    hrefs = {a.get_attribute("href") for a in doc_links.all()}
    assert f"/documents/{data.documents['kaedex_ja']}#evidence-{data.evidence['kaedex_ja']}" in hrefs
    assert f"/documents/{data.documents['xss']}#evidence-{data.evidence['xss']}" in hrefs
    # the accept (two rows: the event's two reports) is older than the reject: revert it from the audit
    accept_row = page.locator("table.audit tbody tr.act-accept").first
    with page.expect_navigation():
        accept_row.locator(".f-revert button").click()
    flash = page.locator(".flash").inner_text()
    assert "Reverted: accept of evidence" in flash and "→ 1.1-2b" in flash and "1 other report" in flash
    assert page.locator("table.audit tbody tr.act-accept .f-revert").count() == 0  # both rows now "reverted"
    with Session(engine) as s:
        ev = {k: s.get(Evidence, v).status for k, v in data.evidence.items()}
    assert (ev["kaedex_ja"], ev["kaedex_en"], ev["xss"]) == ("suggested", "suggested", "rejected")

    page.goto(f"{base}/commitments/1.1-2a")  # and from the commitment page
    with page.expect_navigation():
        page.locator("table.audit tbody tr.act-reject .f-revert button").click()
    assert "Reverted: reject of evidence" in page.locator(".flash").inner_text()
    with Session(engine) as s:
        assert s.get(Evidence, data.evidence["xss"]).status == "suggested"
    assert page.errors == []


def test_an_analyst_status_with_its_reason_shows_beside_the_rule_on_the_dashboard_and_in_exports(server, page):
    base, data = server
    sign_in_by_keyboard(page, base)
    page.goto(f"{base}/commitments/1.3-1")
    form = page.locator("form.f-status")
    form.locator("select[name=status]").select_option("under way")
    with page.expect_navigation():
        form.locator("button").click()
    assert "needs a reason" in page.locator(".flash-error").inner_text()  # no reason: refused
    form = page.locator("form.f-status")
    form.locator("select[name=status]").select_option("under way")
    form.locator("input[name=reason]").fill("Dialogue agreed at the summit; first meeting being scheduled")
    with page.expect_navigation():
        form.locator("button").click()
    assert "first meeting being scheduled" in page.locator("#analyst-status").inner_text()
    assert "no evidence" in page.locator("h1 .status").inner_text()  # the rule's status stays as it is

    page.goto(f"{base}/")
    row = page.locator("table.overrides tbody tr")
    assert row.count() == 1
    assert "1.3-1" in row.inner_text() and "under way" in row.inner_text() and "no evidence" in row.inner_text()
    exported = page.request.get(f"{base}/export?format=json").json()
    c = next(c for c in exported["commitments"] if c["id"] == "1.3-1")
    assert (c["status"], c["analyst_status"], c["analyst"]) == ("no evidence", "under way", "ana")
    assert "first meeting" in c["analyst_reason"]
    csv_text = page.request.get(f"{base}/export?format=csv").text()
    assert "analyst_status" in csv_text.splitlines()[0] and "first meeting being scheduled" in csv_text

    page.goto(f"{base}/commitments/1.3-1")  # handed back to the rule
    assert page.locator("form.f-status select[name=status]").input_value() == "under way"
    page.locator("form.f-status select[name=status]").select_option("")
    with page.expect_navigation():
        page.locator("form.f-status button").click()
    assert "follows the rule's status again" in page.locator(".flash").inner_text()
    page.goto(f"{base}/")
    assert page.locator("table.overrides").count() == 0
    assert page.errors == []


def test_an_event_corrected_split_and_merged_and_the_export_follows(server, page, engine):
    from models import review
    from models.tables import Event

    base, data = server
    event_id = data.documents["_event"]
    with Session(engine) as s:
        review.accept(session=s, evidence_id=data.evidence["kaedex_ja"], user="ana")  # and its copy
        s.commit()
    sign_in_by_keyboard(page, base)
    page.goto(f"{base}/commitments/1.1-2b")
    with page.expect_navigation():
        page.locator("a.event-label").first.click()
    assert page.url.endswith(f"/events/{event_id}")
    page.fill("form.f-event-edit input[name=date]", "2026-04-03")
    page.select_option("form.f-event-edit select[name=action]", "signed")
    with page.expect_navigation():
        page.click("form.f-event-edit button")
    assert "signed, 2026-04-03" in page.locator("h1 .event-title").inner_text()
    exported = page.request.get(f"{base}/export?format=json&history=true").json()
    c = next(c for c in exported["commitments"] if c["id"] == "1.1-2b")
    assert [g["label"] for g in c["events"]] == [page.locator("h1 .event-title").inner_text()]
    assert any("→ signed 2026-04-03" in (h["reason"] or "") for h in c["history"])

    page.check(f"input[name=evidence][value='{data.evidence['kaedex_en']}']")
    with page.expect_navigation():
        page.click("form.f-event-split button[type=submit]")
    new_id = int(page.url.rsplit("/", 1)[1])
    assert new_id != event_id and page.locator("table.event-reports tbody tr").count() == 1
    with Session(engine) as s:
        assert s.get(Evidence, data.evidence["kaedex_en"]).event_id == new_id
        assert s.get(Evidence, data.evidence["kaedex_ja"]).event_id == event_id
        assert s.get(Event, event_id).countries == ["JP"] and not s.get(Event, event_id).confirmed_by_both
    exported = page.request.get(f"{base}/export?format=json").json()
    assert len(next(c for c in exported["commitments"] if c["id"] == "1.1-2b")["events"]) == 2

    page.select_option("form.f-event-merge select[name=into]", str(event_id))
    with page.expect_navigation():
        page.click("form.f-event-merge button")
    assert page.url.endswith(f"/events/{event_id}") and page.locator("table.event-reports tbody tr").count() == 2
    with Session(engine) as s:
        assert s.get(Event, new_id) is None and s.get(Event, event_id).confirmed_by_both
        assert s.get(Evidence, data.evidence["kaedex_en"]).event_id == event_id
    assert page.errors == []


def test_moving_by_keyboard_passes_over_decided_items(server, page):
    base, data = server
    sign_in_by_keyboard(page, base)
    page.goto(f"{base}/review")
    ids = item_ids(page)
    with page.expect_navigation():
        page.locator("#queue .item").nth(1).locator(".f-accept button").click()
    page.keyboard.press("k")  # from the third item, up: the second is decided, so the first
    assert page.locator(".item.current").get_attribute("id") == ids[0]
    page.keyboard.press("j")
    assert page.locator(".item.current").get_attribute("id") == ids[2]
    assert page.errors == []
