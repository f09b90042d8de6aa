"""Browser tests: Playwright driving Debian's Chromium against the live server.

Skipped with a message where Chromium or Playwright is missing, unless
ASCN_REQUIRE_BROWSER is set (CI sets it), in which case they fail instead.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.tools import unavailable

CHROMIUM = os.environ.get("ASCN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


def _unavailable(reason: str):
    unavailable("Browser tests", reason)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium fonts-thai-tlwg)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    # Playwright's synchronous API runs an event loop in this thread; the tests'
    # own database set-up happens here too and is not concurrent with it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(request, chromium, live_server, transactional_db, ascn_dump):
    """A fresh page at phone or desktop width, with the ASCN data loaded. It
    records every request that leaves the live server and every console error."""
    ascn_dump.load()
    # A Thai reader's browser: / sends it to the Thai pages.
    context = chromium.new_context(viewport=VIEWPORTS[request.param], locale="th-TH")
    page = context.new_page()
    page.viewport_name = request.param
    page.outside_requests = []
    page.errors = []
    server = urlsplit(live_server.url).netloc

    def note_outside_request(request) -> None:
        if urlsplit(request.url).netloc != server and request.url.startswith("http"):
            page.outside_requests.append(request.url)

    page.on("request", note_outside_request)
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.base_url = live_server.url
    yield page
    context.close()
    assert page.outside_requests == [], "the portal must load nothing from elsewhere"
    assert page.errors == []


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}-{page.viewport_name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
