"""Browser tests: headless Debian Chromium driven by Playwright's sync API, one per test.

Playwright's sync API keeps an asyncio loop "running" in the test's thread while a browser
is open. Django then sees an async context: it refuses ORM calls unless
DJANGO_ALLOW_ASYNC_UNSAFE is set, and asgiref hands out a second database connection. So
arrange data in fixtures listed *before* ``page`` in the test's arguments, touch only the
browser in the test body, and keep the loop to the e2e tests themselves: the browser is
started and stopped per test, never left running into the next (non-browser) test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kefu.sla import services

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def page(live_server, monkeypatch):
    """A fresh zh-CN browser profile (as a shop in mainland China has it), 1280×800."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is not installed: `apt-get install -y chromium fonts-noto-cjk` "
            "to run the browser tests"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[dev]'"
    )
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
        browser.close()


@pytest.fixture
def screenshot(page):
    """``screenshot("name")`` saves the page as var/screenshots/name.png."""

    def save(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture(autouse=True)
def fresh_calendar_cache(monkeypatch):
    """The live server shares this process's calendar cache; start each test without it."""
    monkeypatch.setattr(services, "_cached", None)
