"""Public pages are stored and answered early, as a shared HTTP cache would: only what
the view says may be kept, for no longer than it says, never a page for staff, a draft,
a cookie or a form's private state."""

import datetime
import time

import pytest
import time_machine
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory

from core.page_cache import (
    LOCAL_MAX_BYTES,
    StoredPage,
    local_pages,
    page_key,
    public_page,
    public_pages_served_from_cache,
)
from tests.factories import make_person
from tests.html import text_of

CAMPAIGN = "/en/campaigns/say-the-word-free-belarus-political-prisoners/"
START = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 30


def directives(response) -> dict[str, str]:
    parts = (part.strip().partition("=") for part in response["Cache-Control"].split(","))
    return {name: value for name, _, value in parts}


def test_a_public_page_is_served_from_the_cache(client, db, caching):
    person = make_person(summary_en="First version.")
    assert "First version." in text_of(client.get("/en/prisoners/").content)
    person.summary_en = "Second version."
    person.save()
    cached = client.get("/en/prisoners/")
    assert "First version." in text_of(cached.content)
    assert "public" in directives(cached)
    assert 0 < int(directives(cached)["s-maxage"]) <= 30


def test_a_stored_page_says_how_long_it_may_still_be_kept(client, db, caching):
    """A reverse proxy or a browser must not keep a stored page longer than its first
    render allows: the age it already has is taken off."""
    make_person()
    with time_machine.travel(START, tick=False) as clock:
        first = client.get("/en/prisoners/")
        assert directives(first)["s-maxage"] == "30"
        clock.shift(20)
        later = client.get("/en/prisoners/")
        assert later.content == first.content
        assert directives(later)["s-maxage"] == "10"
        assert directives(later)["max-age"] == "10"
        clock.shift(11)
        assert directives(client.get("/en/prisoners/"))["s-maxage"] == "30"  # rendered anew


def test_a_stored_page_is_answered_without_running_its_view(db, caching):
    calls = []

    @public_page
    def view(request):
        calls.append(request.path)
        return HttpResponse("page")

    answer = public_pages_served_from_cache(view)
    factory = RequestFactory()
    for _ in range(3):
        assert answer(factory.get("/en/page/")).content == b"page"
    assert calls == ["/en/page/"]
    assert answer(factory.head("/en/page/")).status_code == 200
    assert calls == ["/en/page/"]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda response: response.set_cookie("seen", "1"),
        lambda response: response.headers.__setitem__("Vary", "Cookie"),
        lambda response: response.headers.__setitem__("Cache-Control", "private, max-age=30"),
        lambda response: response.headers.__setitem__("Cache-Control", "public, max-age=30"),
    ],
    ids=["sets a cookie", "varies on cookies", "private", "no s-maxage"],
)
def test_a_page_a_shared_cache_may_not_keep_is_never_stored(db, caching, spoil):
    calls = []

    def view(request):
        calls.append(1)
        response = HttpResponse("page")
        response["Cache-Control"] = "public, max-age=30, s-maxage=30"
        spoil(response)
        return response

    answer = public_pages_served_from_cache(view)
    for _ in range(2):
        answer(RequestFactory().get("/en/page/"))
    assert len(calls) == 2


def test_staff_are_never_served_a_stored_page(db, caching, django_user_model):
    person = make_person(summary_en="First version.")
    Client().get("/en/prisoners/")
    person.summary_en = "Second version."
    person.save()
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("editor", password="x" * 20))
    assert "Second version." in text_of(editor.get("/en/prisoners/").content)
    assert "First version." in text_of(Client().get("/en/prisoners/").content)


def test_cached_pages_carry_no_csrf_token_and_no_cookie(client, seeded, caching):
    paths = ["/en/", "/en/prisoners/", "/en/prisoners/sergei-tikhanovsky/", "/en/stories/"]
    for path in [*paths, CAMPAIGN]:
        response = client.get(path)
        assert b"csrfmiddlewaretoken" not in response.content, path
        assert not response.cookies, path


def test_a_draft_preview_is_never_stored(db, caching, django_user_model):
    draft = make_person(is_published=False, summary_en="Draft text.")
    editor = django_user_model.objects.create_superuser("editor", password="x" * 20)
    staff = Client()
    staff.force_login(editor)
    assert "Draft text." in text_of(staff.get(draft.get_absolute_url()).content)
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_the_search_fragment_and_the_page_are_cached_apart(client, seeded, caching):
    full = client.get("/en/prisoners/", {"q": "tikh"})
    fragment = client.get("/en/prisoners/", {"q": "tikh"}, headers={"HX-Request": "true"})
    assert b"<html" in full.content
    assert b"<html" not in fragment.content
    assert b"<html" in client.get("/en/prisoners/", {"q": "tikh"}).content


def test_the_counter_is_kept_no_longer_than_the_total_may_lag(client, seeded, caching, settings):
    settings.COUNTER_CACHE_SECONDS = 3
    settings.LIVE_TOTAL_LAG_SECONDS = 5
    for path in [CAMPAIGN, f"{CAMPAIGN}counter/", f"{CAMPAIGN}embed/"]:
        response = client.get(path)
        # The figures may be 3 s old when the page is drawn, and the page 2 s more.
        assert directives(response)["s-maxage"] == "2", path
        assert directives(response)["max-age"] == "2", path


def test_a_profile_is_cached_for_visitors_whatever_cookies_they_carry(seeded, caching):
    path = "/en/prisoners/sergei-tikhanovsky/"
    response = Client().get(path)
    assert "Cookie" not in response.get("Vary", "")
    visitor = Client()
    visitor.cookies["django_language"] = "be"
    visitor.cookies["csrftoken"] = "left-from-an-older-visit"
    again = visitor.get(path)
    assert "Cookie" not in again.get("Vary", "")
    assert again.content == response.content


def test_a_saved_profile_shows_at_once(client, db, caching):
    person = make_person(summary_en="First version.")
    client.get(person.get_absolute_url())
    person.summary_en = "Second version."
    person.save()
    assert "Second version." in text_of(client.get(person.get_absolute_url()).content)


def test_a_stored_profile_costs_no_query(client, db, caching, django_assert_num_queries):
    person = make_person()
    client.get(person.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(person.get_absolute_url()).status_code == 200


def test_a_profile_stays_stored_until_it_changes(client, db, caching, django_assert_num_queries):
    """Thousands of profiles, each asked for now and then: kept here until saved (ten
    minutes at most), where a list is kept for PAGE_CACHE_SECONDS. HTTP caches, which
    cannot be told of a save, are still told PAGE_CACHE_SECONDS."""
    person = make_person(summary_en="First version.")
    with time_machine.travel(START, tick=False) as clock:
        client.get(person.get_absolute_url())
        clock.shift(300)
        with django_assert_num_queries(0):
            later = client.get(person.get_absolute_url())
        assert directives(later)["s-maxage"] == "30"
        person.summary_en = "Second version."
        person.save()
        assert "Second version." in text_of(client.get(person.get_absolute_url()).content)


def test_a_profile_made_a_draft_is_gone_at_once(client, db, caching):
    person = make_person()
    assert client.get(person.get_absolute_url()).status_code == 200
    assert client.get(person.get_absolute_url(), headers={"HX-Request": "true"}).status_code == 200
    person.is_published = False
    person.save()
    assert client.get(person.get_absolute_url()).status_code == 404
    assert client.get(person.get_absolute_url(), headers={"HX-Request": "true"}).status_code == 404


def test_a_deleted_profile_is_gone_at_once(client, db, caching):
    person = make_person()
    assert client.get(person.get_absolute_url()).status_code == 200
    person.delete()
    assert client.get(person.get_absolute_url()).status_code == 404


def test_a_forgotten_page_leaves_every_process_within_a_second(db, caching):
    """Other processes keep their own copy for a second at most: the shared cache is
    what forget_pages empties there, and each process asks it again after that second."""
    with time_machine.travel(START, tick=False) as clock:
        page = StoredPage(200, (), b"old", time.time() + 30)
        key = page_key("http://testserver", "/en/page/", "", "", "")
        local_pages.put(key, page, time.time())  # a copy, as another process holds one
        cache.delete(key)  # what forget_pages did in the process that saved the profile
        assert local_pages.get(key, time.time()) is page
        clock.shift(1.1)
        assert local_pages.get(key, time.time()) is None


def test_each_process_keeps_a_bounded_amount_of_pages_in_memory():
    """Thousands of profiles pass through each process: its own copies stay under
    LOCAL_MAX_BYTES, and the shared cache keeps the rest (worker memory stays flat)."""
    local_pages.clear()
    now = time.time()
    size = 60_000
    for n in range(3 * LOCAL_MAX_BYTES // size):
        local_pages.put(f"profile-{n}", StoredPage(200, (), b"x" * size, now + 30), now)
        held = sum(len(page.content) for _until, page in local_pages.pages.values())
        assert held == local_pages.page_bytes <= LOCAL_MAX_BYTES
    assert local_pages.get(f"profile-{n}", now) is not None  # the newest is kept
    local_pages.clear()


def test_tracking_parameters_do_not_miss_the_page_cache(client, db, caching):
    """A post shared on a social network brings each visitor with a new fbclid."""
    person = make_person(summary_en="First version.")
    assert "First version." in text_of(client.get("/en/prisoners/?fbclid=IwAR0abc").content)
    person.summary_en = "Second version."
    person.save()
    for query in ["?fbclid=IwAR1xyz", "?utm_source=telegram&utm_medium=social", ""]:
        cached = client.get(f"/en/prisoners/{query}")
        assert "First version." in text_of(cached.content), query


def test_tracking_parameters_are_dropped_but_others_kept(client, seeded):
    response = client.get("/en/prisoners/", {"q": "Tsikh", "utm_campaign": "x", "gclid": "y"})
    assert response.wsgi_request.GET.dict() == {"q": "Tsikh"}
    assert "Sergei Tikhanovsky" in text_of(response.content)


def test_any_query_on_the_campaign_page_is_served_from_its_cache(
    seeded, caching, django_assert_num_queries
):
    Client().get(CAMPAIGN)
    with django_assert_num_queries(0):
        for query in ["?fbclid=a1", "?x=random", "?ref=newsletter"]:
            assert Client().get(CAMPAIGN + query).status_code == 200


def test_a_host_the_site_does_not_serve_is_refused_though_the_page_is_stored(db, caching):
    make_person()
    assert Client().get("/en/prisoners/").status_code == 200
    response = Client(raise_request_exception=False).get(
        "/en/prisoners/", headers={"host": "attacker.example"}
    )
    assert response.status_code == 400


def test_a_page_that_may_not_be_kept_costs_no_lookup_after_the_first(db, caching, monkeypatch):
    """A form's page or a 404 is rendered every time; asking the shared cache for it
    each time would add a round trip to Redis to every such request."""
    lookups = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: lookups.append(key) or real_get(key))

    def view(request):
        return HttpResponse("not for caches", status=404)

    answer = public_pages_served_from_cache(view)
    for _ in range(3):
        assert answer(RequestFactory().get("/en/nothing/")).status_code == 404
    assert len(lookups) == 1


def test_a_page_of_the_static_copy_is_neither_served_from_nor_stored_in_the_cache(
    client, db, caching
):
    from core.static_copy import ENVIRON_KEY

    make_person()
    live = client.get("/en/prisoners/").content
    copy = client.get("/en/prisoners/", **{ENVIRON_KEY: True}).content
    assert b'id="mirror-search"' in copy  # not the stored live page
    assert b'id="mirror-search"' not in live
    # And the copy's page was not stored for visitors of the live site.
    cache.clear()
    local_pages.clear()
    client.get("/en/prisoners/", **{ENVIRON_KEY: True})
    assert b'id="mirror-search"' not in client.get("/en/prisoners/").content
