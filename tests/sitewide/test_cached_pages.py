"""Nothing request-specific enters cached HTML: what one visitor sends (a query string,
htmx headers) never reaches the page that the cache then serves to everyone."""

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from core.page_cache import local_pages
from tests.factories import make_campaign, make_person
from tests.html import find_all

POISON = "POISON7f3a"
QUERY = f"?lang=%22{POISON}&next=/{POISON}&q=<b>{POISON}"


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.COUNTER_CACHE_SECONDS = 3
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_urls(db):
    campaign = make_campaign()
    person = make_person(name_en="Sergei Tikhanovsky", slug="sergei-tikhanovsky",
                         postal_address="Penal colony No. 9\nHorki")  # fmt: skip
    return [
        "/en/",
        "/en/campaigns/",
        f"/en/campaigns/{campaign.slug}/",
        f"/en/campaigns/{campaign.slug}/counter/",
        f"/en/campaigns/{campaign.slug}/embed/",
        f"/en/campaigns/{campaign.slug}/confirmed/",
        "/en/prisoners/",
        person.get_absolute_url(),
        "/en/stories/",
        "/en/prisoners/letters/",
        "/en/prisoners/birthdays/",
        f"/en/prisoners/{person.slug}/letter/",
        f"/en/prisoners/{person.slug}/letter/print/",
    ]


def test_a_query_string_never_reaches_a_cached_page(caching, public_urls):
    for url in public_urls:
        poisoned = Client().get(url + QUERY)
        assert poisoned.status_code == 200, url
        later = Client().get(url)
        assert POISON not in later.content.decode(), f"{url} served the first visitor's query"
        # Nor does the page carry the query back to the visitor who sent it, beyond
        # a search box that shows the visitor's own words escaped.
        assert f'"{POISON}' not in poisoned.content.decode(), url


def test_the_language_switcher_returns_to_the_path_alone(caching, public_urls):
    for url in public_urls[:3]:
        response = Client().get(url + QUERY)
        (next_field,) = find_all(response.content, "input", name="next")
        assert next_field.attrs["value"] == url.split("?")[0]


def test_a_history_restore_does_not_become_everyones_filter_result(caching, db):
    """htmx sends HX-Request and HX-History-Restore-Request to restore a page: the
    whole page is the right answer to it, and must not be served to a filter's
    request for the results fragment."""
    make_person(name_en="Sergei Tikhanovsky")
    url = "/en/prisoners/?q=Sergei"
    restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    whole = Client().get(url, headers=restore)
    assert "<html" in whole.content.decode()
    fragment = Client().get(url, headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()
    assert "Sergei Tikhanovsky" in fragment.content.decode()
    page = Client().get(url)
    assert "<html" in page.content.decode()
    vary = {value.strip().lower() for value in fragment["Vary"].split(",")}
    assert {"hx-request", "hx-history-restore-request"} <= vary


def test_every_public_page_is_the_same_bytes_for_every_visitor(caching, public_urls):
    """What lets any HTTP cache serve the public pages: two visitors who differ in every
    way a browser can (cookies, languages asked for, an earlier visit) get the same
    bytes, no cookie, and headers that say a shared cache may keep the page."""
    campaign_page = public_urls[2]
    urls = [
        *public_urls,
        "/en/stories/feed/",
        "/en/prisoners/statistics/",
        "/en/privacy/",
        f"{campaign_page}thanks/",
        "/be/prisoners/sergei-tikhanovsky/",
        "/be/prisoners/sergei-tikhanovsky/feed/",
        f"{campaign_page}feed/",
    ]
    # At one moment (a feed with no stories says "updated now").
    with time_machine.travel(timezone.now(), tick=False):
        first, second = Client(), Client(headers={"accept-language": "ru"})
        second.cookies["django_language"] = "be"
        second.cookies["csrftoken"] = "0ldTokenFromAnEarlierVisit000000"  # from before this change
        for url in urls:
            one = first.get(url)
            cache.clear()
            local_pages.clear()  # rendered anew for the second visitor, not copied
            two = second.get(url)
            assert one.status_code == two.status_code == 200, url
            assert one.content == two.content, url
            assert not one.cookies and not two.cookies, url
            directives = {
                part.strip().partition("=")[0] for part in two["Cache-Control"].split(",")
            }
            assert {"public", "max-age", "s-maxage"} <= directives, url
            vary = {value.strip().lower() for value in two.get("Vary", "").split(",")} - {""}
            assert vary <= {"hx-request", "hx-history-restore-request"}, url
