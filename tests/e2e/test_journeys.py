"""What a supporter does on the site, in a desktop and a mobile viewport: find a
prisoner, read the profile, sign the appeal, confirm by email, see the total move,
withdraw. With JavaScript, without it, and with the keyboard alone."""

import re
import time
from urllib.parse import quote

import pytest
from django.conf import settings

from campaigns.models import Signature
from tests.e2e.browsing import CAMPAIGN, Tab, email_links
from tests.e2e.pages import PROFILE

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips these tests, or fails them in CI
    expect = None

pytestmark = pytest.mark.browser

VIEWPORTS = ["desktop", "mobile"]


def mark_document(tab: Tab) -> None:
    """Leave a mark in the current document: a full page load erases it."""
    tab.page.evaluate("() => { window.e2eSameDocument = true }")


def is_same_document(tab: Tab) -> bool:
    return tab.page.evaluate("() => window.e2eSameDocument === true")


def query_in_url(query: str) -> re.Pattern:
    return re.compile(rf"/en/prisoners/\?(.*&)?q={re.escape(quote(query))}(&|$)")


def fill_in_signature(tab: Tab, email: str) -> None:
    form = tab.page.locator("#sign-form")
    form.get_by_label("Your name").fill("Anna Kowalska")
    form.get_by_label("Your email").fill(email)
    form.get_by_label("Your country").select_option("LT")


def signature_total(tab: Tab) -> int:
    return int(tab.page.locator("#counter .counter__total strong").inner_text().replace(",", ""))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_find_a_prisoner_by_another_spelling(open_tab, viewport):
    tab = open_tab(viewport)
    page = tab.page
    results = page.locator("#results")
    tab.goto("/en/prisoners/")
    mark_document(tab)

    # Live results as the visitor types, without Enter; the address follows.
    page.locator("#q").press_sequentially("Тихан", delay=40)
    expect(page).to_have_url(query_in_url("Тихан"))
    expect(results.get_by_role("link", name="Sergei Tikhanovsky")).to_be_visible()
    expect(results.get_by_role("status")).to_have_text("1 person found")

    page.locator("#q").fill("")
    page.locator("#q").press_sequentially("Nobodyatall", delay=40)
    expect(page).to_have_url(query_in_url("Nobodyatall"))
    expect(results).to_contain_text("Nobody matches “Nobodyatall”.")
    assert is_same_document(tab), "the search reloaded the page"

    # Back shows the first query's results and address again.
    page.go_back()
    expect(page).to_have_url(query_in_url("Тихан"))
    expect(results.get_by_role("link", name="Sergei Tikhanovsky")).to_be_visible()
    expect(page.locator("#q")).to_have_value("Тихан")
    tab.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_sign_confirm_and_withdraw(open_tab, viewport):
    tab = open_tab(viewport)
    page = tab.page
    tab.goto(PROFILE)  # found as in test_find_a_prisoner_by_another_spelling
    expect(page.get_by_role("heading", level=1)).to_have_text("Sergei Tikhanovsky")

    page.get_by_role("region", name="Appeals for this person").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(re.escape(CAMPAIGN) + "$"))
    total_before = signature_total(tab)
    mark_document(tab)

    fill_in_signature(tab, "anna@example.org")
    page.locator("#sign-form").get_by_role("button", name="Sign").click()
    expect(page.locator("#sign-form")).to_contain_text("Check your email")
    assert page.url.endswith(CAMPAIGN) and is_same_document(tab), "signing left the page"

    # The emailed link opens in another tab, as from a mail program.
    confirm, withdraw = email_links()
    mail_tab = open_tab(viewport)
    mail_tab.goto(confirm)
    mail_tab.page.get_by_role("button", name="Confirm my signature").click()
    expect(mail_tab.page.get_by_role("heading", level=1)).to_have_text(
        "Thank you: your signature is confirmed"
    )

    # The campaign page polls its counter every 10 s and shows the new total.
    expect(page.locator("#counter .counter__total strong")).to_have_text(
        str(total_before + 1), timeout=15_000
    )
    assert is_same_document(tab), "the counter reloaded the page"

    mail_tab.goto(withdraw)
    expect(mail_tab.page.locator(".facts")).to_contain_text("anna@example.org")
    mail_tab.page.get_by_role("button", name="Withdraw and erase my data").click()
    expect(mail_tab.page.get_by_role("heading", level=1)).to_have_text(
        "Your signature is withdrawn"
    )
    assert not Signature.objects.exists()
    tab.assert_clean()
    mail_tab.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_sign_and_confirm_without_javascript(open_tab, viewport):
    tab = open_tab(viewport, javascript=False)
    page = tab.page
    tab.goto(CAMPAIGN)
    total_before = signature_total(tab)

    fill_in_signature(tab, "anna@example.org")
    page.locator("#sign-form").get_by_role("button", name="Sign").click()

    # POST, then redirect to a page that a reload does not submit again.
    expect(page).to_have_url(re.compile(re.escape(f"{CAMPAIGN}thanks/") + "$"))
    expect(page.locator("main")).to_contain_text("Check your email")

    confirm, _ = email_links()
    tab.goto(confirm)
    page.get_by_role("button", name="Confirm my signature").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you: your signature is confirmed"
    )
    page.get_by_role("link", name="See the appeal and share it").click()
    expect(page).to_have_url(re.compile(re.escape(CAMPAIGN) + "$"))

    # Totals are cached for a few seconds: reload, as a visitor would, until it shows.
    deadline = time.monotonic() + settings.COUNTER_CACHE_SECONDS + 5
    while signature_total(tab) != total_before + 1 and time.monotonic() < deadline:
        time.sleep(0.5)
        page.reload()
    assert signature_total(tab) == total_before + 1
    tab.assert_clean()


class Keyboard:
    """Moves the focus with Tab alone, and records each element it lands on."""

    def __init__(self, tab: Tab):
        self.tab = tab
        self.steps: list[dict] = []

    def tab_to(self, description: str, is_target, limit: int = 80) -> dict:
        for _ in range(limit):
            self.tab.page.keyboard.press("Tab")
            focused = self.tab.focused()
            self.steps.append(focused)
            if is_target(focused):
                return focused
        raise AssertionError(f"{limit} presses of Tab did not reach {description}")

    def unseen_focus(self) -> list[dict]:
        """The steps at which the focused element showed no focus indicator, or was
        off screen."""
        return [step for step in self.steps if not (step["indicator"] and step["onscreen"])]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_search_and_sign_with_the_keyboard_alone(open_tab, viewport):
    tab = open_tab(viewport)
    page = tab.page
    keys = Keyboard(tab)
    tab.goto("/en/")

    # The first Tab shows the skip link; Enter moves the focus to the main content.
    skip = keys.tab_to("the skip link", lambda f: True, limit=1)
    assert skip["text"] == "Skip to main content" and skip["top"] >= 0, skip
    page.keyboard.press("Enter")
    assert tab.focused()["id"] == "main"

    keys.tab_to("the search field", lambda f: f["id"] == "home-q")
    page.keyboard.type("Tsikh")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(query_in_url("Tsikh"))

    keys.tab_to("the first result", lambda f: f["text"] == "Sergei Tikhanovsky")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(PROFILE) + "$"))

    keys.tab_to("the appeal", lambda f: f["href"] == CAMPAIGN)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    keys.tab_to("the name field", lambda f: f["id"] == "id_name")
    page.keyboard.type("Anna Kowalska")
    keys.tab_to("the email field", lambda f: f["id"] == "id_email", limit=1)
    page.keyboard.type("anna@example.org")
    keys.tab_to("the country", lambda f: f["id"] == "id_country", limit=1)
    page.keyboard.type("Lithuania")
    expect(page.locator("#id_country")).to_have_value("LT")
    keys.tab_to("the updates box", lambda f: f["id"] == "id_wants_updates", limit=3)
    page.keyboard.press("Space")
    expect(page.locator("#id_wants_updates")).to_be_checked()
    keys.tab_to("the Sign button", lambda f: f["tag"] == "button" and f["text"] == "Sign")
    page.keyboard.press("Enter")

    expect(page.locator("#sign-form")).to_contain_text("Check your email")
    assert len(email_links()) == 2
    # The answer replaced the focused button: the focus must move to the answer (htmx
    # does so once the swap settles) and be visible there.
    expect(page.locator("#sign-form")).to_be_focused()
    keys.steps.append(tab.focused())
    assert keys.unseen_focus() == [], "focus not visible at these steps"
    tab.assert_clean()
