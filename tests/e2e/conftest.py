"""Browser tests: Playwright for Python drives Debian's Chromium against pytest-django's
live server, with the site's fixtures loaded.

Without Chromium or the playwright package the tests are skipped with a message saying
how to enable them; in CI (CI=true) they fail instead, so that CI never passes without
having run them. Deselect them with `-m "not browser"`.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command

from tests.e2e.browsing import VIEWPORTS, Tab

if TYPE_CHECKING:
    from playwright.sync_api import Browser
    from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an event loop in the test's thread; Django refuses ORM
# calls from a thread with a running loop unless told that it is safe, as it is here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
HOW_TO_ENABLE = "To run them: apt-get install chromium (and make install-dev for playwright)."


def _why_no_browser() -> str | None:
    if not CHROMIUM.exists():
        return f"there is no Chromium at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator["Browser"]:
    """One headless Chromium for the whole session."""
    problem = _why_no_browser()
    if problem:
        message = f"Browser tests not run: {problem}. {HOW_TO_ENABLE}"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _static_files_left_to_whitenoise(application):
    return application


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator["LiveServer"]:
    """pytest-django's live server, serving static files the way production does:
    WhiteNoise, from the STATIC_ROOT collected at session start. (The handler
    pytest-django puts in front looks in the source folders, where the hashed names
    of the manifest storage do not exist, and answers 404.)"""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(request.config.getvalue("liveserver") or "localhost", start=False)
    server.thread.static_handler = _static_files_left_to_whitenoise
    server.start()
    yield server
    server.stop()


@pytest.fixture
def site(browser, live_server, transactional_db) -> str:
    """The live server's address, with every fixture of fixtures/ loaded."""
    call_command("load_fixtures", verbosity=0)
    return live_server.url


@pytest.fixture
def open_tab(browser, site) -> Iterator[Callable[..., Tab]]:
    """Open a tab: open_tab("mobile", color_scheme="dark", javascript=False, ...).

    The site's Content Security Policy is enforced unless bypass_csp=True, which only
    the accessibility checks use, to inject axe-core."""
    contexts = []

    def open_(
        viewport: str = "desktop",
        *,
        color_scheme: str = "light",
        javascript: bool = True,
        bypass_csp: bool = False,
    ) -> Tab:
        context = browser.new_context(
            base_url=site,
            color_scheme=color_scheme,
            java_script_enabled=javascript,
            bypass_csp=bypass_csp,
            reduced_motion="reduce",
            locale="en-GB",
            **VIEWPORTS[viewport],
        )
        # How long a step may wait for the page, not how fast it must be (timing goals
        # live in bench/): the suite runs on every core, so a browser shares them.
        context.set_default_timeout(30_000)
        contexts.append(context)
        return Tab(context.new_page(), site)

    yield open_
    for context in contexts:
        context.close()
