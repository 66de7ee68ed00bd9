"""What the browser tests share: the watched tab, the viewports, the email links."""

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.core import mail

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page, Request, Route

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    # The smallest screen the admin is made for (an editor's laptop).
    "laptop": {"viewport": {"width": 1024, "height": 768}},
    "mobile": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True},
    # Browser zoom at 200% in a 640x400 window: the page lays out in 320x200 CSS
    # pixels, each drawn with 2x2 device pixels (WCAG 1.4.10, reflow at 320 px).
    "zoom200": {"viewport": {"width": 320, "height": 200}, "device_scale_factor": 2},
}

CAMPAIGN_SLUG = "say-the-word-free-belarus-political-prisoners"
CAMPAIGN = f"/en/campaigns/{CAMPAIGN_SLUG}/"

FAILED_RESPONSE = "Failed to load resource: the server responded with a status of"


class Tab:
    """A page in its own browser context, watched for console errors and for requests
    to any origin other than the site's (which are refused and recorded)."""

    def __init__(self, page: "Page", origin: str):
        self.page = page
        self.origin = origin
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        # Paths answered with an error status on purpose (a 404 page, a 422 form): the
        # browser reports those responses in the console, and that is no defect.
        self.expected_failures: set[str] = set()
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        page.route("**/*", self._on_request)

    def _on_console(self, message: "ConsoleMessage") -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        expected = urlsplit(url).path in self.expected_failures
        if expected and message.text.startswith(FAILED_RESPONSE):
            return
        self.console_errors.append(f"{message.text} (at {url})")

    def _on_request(self, route: "Route", request: "Request") -> None:
        parts = urlsplit(request.url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign_requests.append(request.url)
            route.abort()
        else:
            route.continue_()

    def goto(self, path: str, expected_status: int = 200) -> None:
        if expected_status >= 400:
            self.expected_failures.add(urlsplit(path).path)
        response = self.page.goto(path)
        assert response is not None
        assert response.status == expected_status, f"{path}: HTTP {response.status}"

    def assert_clean(self) -> None:
        """No console error, no uncaught exception, no request to another origin."""
        assert not self.console_errors, "console errors:\n" + "\n".join(self.console_errors)
        assert not self.foreign_requests, "requests to other origins:\n" + "\n".join(
            self.foreign_requests
        )

    def horizontal_overflow(self) -> int:
        """How many CSS pixels the page is wider than the window (0: no sideways scroll)."""
        return self.page.evaluate(
            "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            " - Math.min(window.innerWidth, document.documentElement.clientWidth)"
        )

    def focused(self) -> dict:
        """The focused element: a description, and whether its focus can be seen."""
        return self.page.evaluate(FOCUSED_JS)


FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) {
    return {tag: "body", id: "", text: "", href: "", indicator: false, onscreen: false};
  }
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  const rect = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    type: el.getAttribute("type") || "",
    text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 60),
    href: el.getAttribute("href") || "",
    top: rect.top,
    indicator: outline || shadow,
    onscreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
      && rect.top < window.innerHeight && rect.left < window.innerWidth,
  };
}"""


def email_links() -> tuple[str, str]:
    """The paths of the confirm and withdraw links in the last email sent."""
    assert mail.outbox, "no email was sent"
    body = mail.outbox[-1].body
    confirm = re.search(r"/[a-z-]+/campaigns/confirm/[^/\s]+/", body)
    withdraw = re.search(r"/[a-z-]+/campaigns/withdraw/[^/\s]+/", body)
    assert confirm and withdraw, f"no confirm or withdraw link in:\n{body}"
    return confirm.group(), withdraw.group()


def screenshot(tab: Tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
