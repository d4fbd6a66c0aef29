"""Driving the review UI in headless Debian chromium: where the browser is, signing in, page geometry."""
from __future__ import annotations

from pathlib import Path

from tests.support.review_seed import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # screenshots CI keeps


def sign_in_by_keyboard(page, base: str) -> None:
    """Sign in as the seeded analyst `ana` with the keyboard only; ends on the dashboard."""
    page.goto(f"{base}/login")
    # autofocus takes effect after load: typing before it lands the keys nowhere (seen once in `make test`)
    page.wait_for_function("document.activeElement && document.activeElement.name === 'username'")
    page.keyboard.type("ana")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{base}/"


def page_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
