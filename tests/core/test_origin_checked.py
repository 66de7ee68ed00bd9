"""Public forms are protected by the browser's Sec-Fetch-Site and Origin headers, not by a
per-visitor token: another site's page cannot make a visitor's browser post them."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.test import RequestFactory, override_settings

from core.csrf import origin_checked

factory = RequestFactory()


@origin_checked
def public_form(request):
    return HttpResponse("stored")


def post(**headers):
    return public_form(factory.post("/form/", {"a": "b"}, headers=headers))


@pytest.mark.parametrize("fetch_site", ["same-origin", "none"])
def test_a_post_from_this_sites_own_page_passes(fetch_site):
    assert post(sec_fetch_site=fetch_site).status_code == 200


@pytest.mark.parametrize("fetch_site", ["cross-site", "same-site", "unknown"])
def test_a_post_another_site_made_the_browser_send_is_refused(fetch_site):
    response = post(sec_fetch_site=fetch_site, origin="http://testserver")
    assert response.status_code == 403
    assert b"stored" not in response.content


def test_without_sec_fetch_site_the_origin_must_be_this_site():
    assert post(origin="http://testserver").status_code == 200
    assert post(origin="https://evil.example").status_code == 403
    assert post(origin="null").status_code == 403


@override_settings(CSRF_TRUSTED_ORIGINS=["https://appeals.example.org"])
def test_a_trusted_origin_may_post():
    assert post(origin="https://appeals.example.org").status_code == 200


def test_a_request_from_no_browser_passes():
    """curl and scripts send neither header; a forged form cannot make a browser post
    without them."""
    assert post().status_code == 200


def test_reading_is_never_refused():
    request = factory.get("/form/", headers={"sec_fetch_site": "cross-site"})
    assert public_form(request).status_code == 200


def test_django_token_check_leaves_these_forms_to_the_origin_check():
    """Without the exemption, Django's middleware would refuse a same-origin post that
    carries no token (the page has none to give)."""
    request = factory.post("/form/", headers={"sec_fetch_site": "same-origin"})
    middleware = CsrfViewMiddleware(lambda request: HttpResponse())
    assert middleware.process_view(request, public_form, (), {}) is None

    def unprotected(request):
        return HttpResponse("stored")

    refused = middleware.process_view(request, unprotected, (), {})
    assert refused is not None and refused.status_code == 403
