"""A visitor's request skips the staff machinery (sessions, authentication, the second
factor, messages, the sign-in lockout); staff and the admin keep all of it
(core/request_path.py)."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import checks
from django.test import Client

from core.checks import staff_middleware_check
from core.sessions import SessionStore
from tests.factories import make_person

HOME = "/en/"


@pytest.mark.django_db
def test_a_visitor_is_anonymous_without_a_session(client):
    response = client.get(HOME)
    assert response.status_code == 200
    request = response.wsgi_request
    assert request.user.is_anonymous
    # SessionMiddleware and MessageMiddleware did not run for this request.
    assert not hasattr(request, "session")
    assert not hasattr(request, "_messages")
    assert not response.cookies


@pytest.mark.django_db
def test_a_visitor_can_still_sign_without_a_session(client, seeded):
    campaign = "/en/campaigns/say-the-word-free-belarus-political-prisoners/"
    response = client.post(
        campaign + "sign/",
        {"name": "Ann Visitor", "email": "ann@example.org", "country": "PL"},
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 302
    assert not hasattr(response.wsgi_request, "session")


@pytest.mark.django_db
def test_staff_signed_in_get_the_whole_machinery(client):
    staff = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    response = client.get(HOME)
    request = response.wsgi_request
    assert request.user == staff
    assert hasattr(request, "session")
    assert hasattr(request, "_messages")


@pytest.mark.django_db
def test_the_admin_sign_in_page_runs_the_machinery_without_a_cookie(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert hasattr(response.wsgi_request, "session")
    # Its form carries Django's CSRF token, as every staff form does.
    assert b"csrfmiddlewaretoken" in response.content


@pytest.mark.django_db
def test_staff_sign_in_works_and_is_locked_out_by_axes(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    get_user_model().objects.create_user("editor", password="right-password", is_staff=True)
    for _ in range(2):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    assert response.status_code == 429


def test_the_check_names_a_missing_staff_middleware(settings):
    settings.STAFF_MIDDLEWARE = [
        m for m in settings.STAFF_MIDDLEWARE if "SessionMiddleware" not in m
    ]
    errors = staff_middleware_check(None)
    assert [error.id for error in errors] == ["core.E008"]
    assert isinstance(errors[0], checks.Error)


def test_the_check_refuses_a_middleware_with_a_view_hook(settings):
    settings.STAFF_MIDDLEWARE = [
        *settings.STAFF_MIDDLEWARE,
        "django.middleware.csrf.CsrfViewMiddleware",
    ]
    assert [error.id for error in staff_middleware_check(None)] == ["core.E009"]


def test_the_settings_pass_the_check():
    assert staff_middleware_check(None) == []


MADE_UP_KEY = "abcdefghijklmnopqrstuvwxyz012345"


@pytest.mark.django_db
def test_a_made_up_session_cookie_costs_no_write(client):
    """Any visitor may send a session cookie: one this site never issued makes them no
    staff member, and costs no session row and no cookie (issue 31)."""
    client.cookies[settings.SESSION_COOKIE_NAME] = MADE_UP_KEY
    for _ in range(3):
        response = client.get(HOME)
        assert response.status_code == 200
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")
        assert response.wsgi_request.user.is_anonymous
        assert not hasattr(response.wsgi_request, "session")
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_made_up_session_cookie_is_served_from_the_page_cache(
    settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 30
    make_person()
    Client().get("/en/prisoners/")
    visitor = Client()
    visitor.cookies[settings.SESSION_COOKIE_NAME] = MADE_UP_KEY
    with django_assert_num_queries(0):
        response = visitor.get("/en/prisoners/")
    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.django_db
def test_an_ended_session_costs_no_write(client):
    """A cookie this site issued, for a session that has ended (signed out, idle too
    long, cleared): the request is anonymous, and no session row is written."""
    staff = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    Session.objects.all().delete()
    for path in (HOME, "/admin/login/"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.wsgi_request.user.is_anonymous
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_public_page_never_carries_a_cookie_and_says_public(client):
    """Staff keep a session on public pages (refreshed on every request): such an answer
    is theirs alone, and must not say that a shared cache may keep it."""
    staff = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    response = client.get(HOME)
    assert settings.SESSION_COOKIE_NAME in response.cookies
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_session_key_is_signed_by_this_site(client):
    staff = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert SessionStore.is_issued_key(key)
    assert not SessionStore.is_issued_key(MADE_UP_KEY)
    assert not SessionStore.is_issued_key(key[:-1] + ("0" if key[-1] != "0" else "1"))
