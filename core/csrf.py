"""Cross-site request protection for the public forms, without a per-visitor token.

A public page with a form (sign, follow, letters, language) must be the same bytes for
every visitor, so that any HTTP cache can serve it: no CSRF token in its HTML and no
cookie. Those forms' views are protected instead by what the browser itself says about
where a request comes from, as Go's standard library does (`http.CrossOriginProtection`,
https://words.filippo.io/csrf/):

1. `Sec-Fetch-Site` (every browser since 2023, most since 2020): only `same-origin`, or
   `none` (typed in the address bar, a bookmark), may post.
2. Without it, `Origin`: it must be this site's own origin (or one of
   CSRF_TRUSTED_ORIGINS).
3. With neither, the request comes from no browser (curl, a script), or from a browser
   too old to send either; a forged form cannot make such a browser post for someone
   else, so it passes, as it does in Go.

What a forgery could still do is limited by the forms themselves: a forged signature or
follow needs the mailbox owner's click in the confirmation email. Staff pages (the admin)
keep Django's token-based CSRF protection. docs/security.md gives the reasoning.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import get_callable
from django.views.decorators.csrf import csrf_exempt

from core.hosts import request_origin

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# What Sec-Fetch-Site says of a request this site's own page made, or the visitor typed.
ALLOWED_FETCH_SITES = frozenset({"same-origin", "none"})

REASON_CROSS_SITE = "Cross-site request refused (Sec-Fetch-Site or Origin)."
# Every page says `Referrer-Policy: no-referrer` (SECURE_REFERRER_POLICY): no request,
# even to this site, tells which page it came from. But a browser then sends `Origin:
# null` with a form's POST, which Django's token check refuses; the few pages whose
# forms carry Django's token (the signer's confirm and withdraw pages, the admin) keep
# the referrer on this site instead, and still tell other sites nothing.
REFERRER_KEPT_ON_SITE = "same-origin"


def is_cross_site(request: HttpRequest) -> bool:
    """Whether the browser says this request was sent by another site's page."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in ALLOWED_FETCH_SITES
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return origin not in _own_origins(request)


def _own_origins(request: HttpRequest) -> set[str]:
    return {request_origin(request), *settings.CSRF_TRUSTED_ORIGINS}


def origin_checked(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Protect a public form's view by the browser's Sec-Fetch-Site and Origin headers
    instead of a token (the module's docstring says why). A refused request gets
    Django's CSRF failure page, 403."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in SAFE_METHODS and is_cross_site(request):
            failure_view = get_callable(settings.CSRF_FAILURE_VIEW)
            return failure_view(request, reason=REASON_CROSS_SITE)
        return view(request, *args, **kwargs)

    return csrf_exempt(checked)


def referrer_kept_on_site(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a page whose form carries Django's CSRF token: `Referrer-Policy: same-origin`
    instead of the site's `no-referrer` (REFERRER_KEPT_ON_SITE says why). Its template
    sets the same in `{% block referrer_policy %}`."""

    @wraps(view)
    def kept(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers["Referrer-Policy"] = REFERRER_KEPT_ON_SITE
        return response

    return kept
