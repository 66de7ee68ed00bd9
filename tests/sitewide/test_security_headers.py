"""Every response carries the security headers; only the widget may be framed."""

import pytest
from django.test import Client

from tests.html import find_all

CAMPAIGN = "/en/campaigns/say-the-word-free-belarus-political-prisoners/"
PAGES = [
    "/en/",
    "/en/prisoners/",
    "/en/prisoners/?q=tikhanovsky",
    "/en/prisoners/sergei-tikhanovsky/",
    CAMPAIGN,
    CAMPAIGN + "counter/",
    CAMPAIGN + "thanks/",
    "/en/campaigns/",
    "/en/stories/",
    "/en/stories/tikhanovsky-freed-appeals-for-political-prisoners/",
    "/en/stories/feed/",
    "/en/prisoners/sergei-tikhanovsky/feed/",
    CAMPAIGN + "feed/",
    "/en/privacy/",
    "/en/prisoners/statistics/",
    "/en/campaigns/confirm/not-a-token/",
    "/en/no-such-page/",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
    "/api/v1/prisoners/",
    "/api/v1/statistics.csv",
    "/admin/login/",
]


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", PAGES)
def test_it_sends_a_strict_policy_on_every_page(client, seeded, path):
    response = client.get(path)
    assert response.status_code < 500
    csp = csp_directives(response)
    assert csp["default-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    for directive, values in csp.items():
        assert "'unsafe-inline'" not in values, directive
        assert "'unsafe-eval'" not in values, directive
        assert not [v for v in values if v.startswith(("http:", "https:", "*"))], directive
    # Scripts from this site only; no nonce, since a cached page is the same for
    # everyone and a nonce in it would be known to everyone.
    assert csp["script-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Issue 32: no request says which page it came from; the pages with Django's CSRF
    # token (whose check needs the Origin) keep it on this site.
    kept_on_site = path.startswith(("/en/campaigns/confirm/", "/en/campaigns/withdraw/", "/admin/"))
    assert response["Referrer-Policy"] == ("same-origin" if kept_on_site else "no-referrer")
    if b"<head>" in response.content and not path.startswith("/admin/"):
        meta = 'name="referrer" content="{}"'.format(response["Referrer-Policy"])
        assert meta in response.content.decode()
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_only_the_widget_may_be_framed(client, seeded):
    response = client.get(CAMPAIGN + "embed/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    csp = csp_directives(response)
    assert "frame-ancestors" not in csp
    # Everything else stays as strict as on any page.
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"][0] == "'self'"


def test_every_script_is_a_file_of_this_site_or_data(client, seeded):
    """The policy allows scripts from this site's files only: no page may have an inline
    script to run. The profile's schema.org data is a data block, which browsers never
    run."""
    html = client.get("/en/prisoners/sergei-tikhanovsky/").content
    scripts = find_all(html, "script")
    assert len(scripts) >= 2  # htmx and the JSON-LD
    for script in scripts:
        assert script.attrs.get("src", "").startswith("/static/") or (
            script.attrs.get("type") == "application/ld+json"
        ), script.attrs
        assert "nonce" not in script.attrs


def test_it_configures_htmx_to_run_without_eval_or_inline_styles(client, seeded):
    html = client.get("/en/").content.decode()
    assert '"allowEval":false' in html
    assert '"includeIndicatorStyles":false' in html
    assert '"allowScriptTags":false' in html
    assert "style=" not in html


@pytest.mark.parametrize("path", ["/en/", CAMPAIGN, "/admin/login/"])
def test_it_sets_hsts_and_secure_cookies_over_https(settings, seeded, path):
    settings.SECURE_HSTS_SECONDS = 63072000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True
    client = Client()
    response = client.get(path, secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=63072000; includeSubDomains; preload")
    if path != "/admin/login/":
        assert not response.cookies  # a public page sets no cookie at all, form or not
        return
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_it_redirects_plain_http_to_https_in_production(settings, seeded):
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/en/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_a_policy_with_a_nonce_gets_the_responses_own(settings, rf):
    """The site's policy is built once (core.middleware.ContentSecurityPolicyMiddleware);
    a policy that names the nonce is still built for each response, as Django does."""
    from django.http import HttpResponse
    from django.utils.csp import CSP

    from core.middleware import ContentSecurityPolicyMiddleware

    def view_using_the_nonce(request):
        return HttpResponse(f'<script nonce="{request._csp_nonce}"></script>')

    middleware = ContentSecurityPolicyMiddleware(view_using_the_nonce)
    assert csp_directives(middleware(rf.get("/")))["script-src"] == ["'self'"]
    settings.SECURE_CSP = {**settings.SECURE_CSP, "script-src": [CSP.SELF, CSP.NONCE]}
    nonces = set()
    for _ in range(2):
        response = middleware(rf.get("/"))
        script_src = csp_directives(response)["script-src"]
        assert script_src[0] == "'self'"
        nonce = script_src[1].removeprefix("'nonce-").removesuffix("'")
        assert f'nonce="{nonce}"'.encode() in response.content
        nonces.add(nonce)
    assert len(nonces) == 2


def test_the_admin_keeps_the_referrer_on_the_site_for_its_csrf_check(client, db):
    """Django's CSRF check refuses `Origin: null`, which a browser sends with a form's
    POST from a `no-referrer` page: the admin's pages say same-origin."""
    response = client.get("/admin/login/")

    assert response["Referrer-Policy"] == "same-origin"


def test_a_post_from_the_confirmation_page_passes_djangos_check(client, seeded):
    """The signer's confirmation page posts with Django's token; its Origin is sent."""
    response = client.get("/en/campaigns/confirm/not-a-token/")

    assert response["Referrer-Policy"] == "same-origin"
    assert 'name="referrer" content="same-origin"' in response.content.decode()
