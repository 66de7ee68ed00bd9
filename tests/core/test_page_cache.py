"""Public pages come from the cache; pages with a form, and previews, never do."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import make_person
from tests.html import text_of


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 30


def test_a_public_page_is_served_from_the_cache(client, db, caching):
    person = make_person(summary_en="First version.")
    assert "First version." in text_of(client.get("/en/prisoners/").content)
    person.summary_en = "Second version."
    person.save()
    cached = client.get("/en/prisoners/")
    assert "First version." in text_of(cached.content)
    assert "max-age=30" in cached["Cache-Control"]


def test_cached_pages_carry_no_csrf_token_and_no_cookie(client, seeded, caching):
    for path in ["/en/", "/en/prisoners/", "/en/prisoners/sergei-tikhanovsky/", "/en/stories/"]:
        response = client.get(path)
        assert b"csrfmiddlewaretoken" not in response.content, path
        assert not response.cookies, path


def test_the_campaign_page_is_never_cached_whole(client, seeded, caching):
    path = "/en/campaigns/say-the-word-free-belarus-political-prisoners/"
    first, second = Client().get(path), Client().get(path)
    token = b'name="csrfmiddlewaretoken" value="'
    assert token in first.content
    assert first.content.split(token)[1][:20] != second.content.split(token)[1][:20]


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


def test_signing_works_from_the_cached_campaign_page(seeded, caching):
    import re

    path = "/en/campaigns/say-the-word-free-belarus-political-prisoners/"
    Client().get(path)  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get(path).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert "placeholder" not in html
    response = visitor.post(
        f"{path}sign/",
        {"csrfmiddlewaretoken": token, "name": "Anna K", "email": "a@example.org", "country": "PL"},
    )
    assert response.status_code == 302


def test_the_counter_is_cached_no_longer_than_the_counter_may_lag(client, seeded, caching):
    path = "/en/campaigns/say-the-word-free-belarus-political-prisoners/counter/"
    response = client.get(path)
    # Shared cache (3 s) plus browser or proxy cache (2 s): never more than 5 s behind.
    assert response["Cache-Control"] == "public, max-age=2"


def test_a_profile_is_cached_for_visitors_whatever_cookies_they_carry(seeded, caching):
    path = "/en/prisoners/sergei-tikhanovsky/"
    response = Client().get(path)
    assert "Cookie" not in response.get("Vary", "")
    visitor = Client()
    visitor.get("/en/campaigns/say-the-word-free-belarus-political-prisoners/")
    assert "csrftoken" in visitor.cookies  # the campaign page gave this visitor a cookie
    assert "Cookie" not in visitor.get(path).get("Vary", "")


def test_a_saved_profile_shows_at_once(client, db, caching):
    person = make_person(summary_en="First version.")
    client.get(person.get_absolute_url())
    person.summary_en = "Second version."
    person.save()
    assert "Second version." in text_of(client.get(person.get_absolute_url()).content)


def test_a_rendered_profile_costs_no_query(client, db, caching, django_assert_num_queries):
    person = make_person()
    client.get(person.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(person.get_absolute_url()).status_code == 200


def test_a_profile_made_a_draft_is_gone_at_once(client, db, caching):
    person = make_person()
    assert client.get(person.get_absolute_url()).status_code == 200
    person.is_published = False
    person.save()
    assert client.get(person.get_absolute_url()).status_code == 404


def test_a_deleted_profile_is_gone_at_once(client, db, caching):
    person = make_person()
    assert client.get(person.get_absolute_url()).status_code == 200
    person.delete()
    assert client.get(person.get_absolute_url()).status_code == 404


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


def test_any_query_on_the_campaign_page_is_served_from_its_cache(seeded, caching):
    path = "/en/campaigns/say-the-word-free-belarus-political-prisoners/"
    Client().get(path)
    with CaptureQueriesContext(connection) as queries:
        for query in ["?fbclid=a1", "?x=random", "?ref=newsletter"]:
            assert Client().get(path + query).status_code == 200
    assert len(queries) == 0
