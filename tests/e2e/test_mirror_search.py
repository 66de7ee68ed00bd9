"""The static copy's name search in a browser: the list page as the copy renders it
(core.static_copy.ENVIRON_KEY), its script from the site's static files and the index
from the site, a name typed in Latin or Cyrillic letters finding the profile; without
JavaScript, the form stays hidden and the initials lead through the list."""

import pytest
from django.test import Client

from core.static_copy import ENVIRON_KEY

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips these tests, or fails them in CI
    expect = None

pytestmark = pytest.mark.browser

LIST = "/en/prisoners/"


def serve_the_copys_list_page(tab) -> None:
    """Answer the list page as the static copy has it, rendered in-process the way the
    copy's builder renders it; everything else comes from the live server."""
    copy = Client().get(LIST, **{ENVIRON_KEY: True})
    assert copy.status_code == 200
    headers = {name: value for name, value in copy.items() if name.lower() != "content-length"}

    def fulfil(route, request):
        route.fulfill(status=200, headers=headers, body=copy.content)

    tab.page.route(f"{tab.origin}{LIST}", fulfil)


@pytest.mark.parametrize("typed", ["Tikhanovsky", "Тихановский", "Ціханоўскі"])
def test_a_name_typed_in_any_spelling_finds_the_profile(open_tab, typed):
    tab = open_tab()
    serve_the_copys_list_page(tab)
    tab.goto(LIST)
    page = tab.page
    search = page.get_by_role("search")
    expect(search).to_be_visible()
    page.get_by_role("searchbox", name="Name").fill(typed)
    found = page.locator("#mirror-search-list a")
    expect(found.first).to_have_attribute("href", f"{tab.origin}/en/prisoners/sergei-tikhanovsky/")
    expect(found.first).to_have_text("Sergei Tikhanovsky")
    found.first.click()
    expect(page).to_have_url(f"{tab.origin}/en/prisoners/sergei-tikhanovsky/")
    tab.assert_clean()


def test_without_javascript_the_initials_lead_through_the_list(open_tab):
    tab = open_tab(javascript=False)
    serve_the_copys_list_page(tab)
    tab.goto(LIST)
    page = tab.page
    expect(page.locator("#mirror-search")).to_be_hidden()
    initials = page.get_by_role("navigation", name="Names by their first letter")
    expect(initials.get_by_role("link").first).to_be_visible()
    tab.assert_clean()
