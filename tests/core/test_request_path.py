"""A visitor's request skips the staff machinery (sessions, authentication, the second
factor, messages, the sign-in lockout); staff and the admin keep all of it
(core/request_path.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import checks

from core.checks import staff_middleware_check

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
