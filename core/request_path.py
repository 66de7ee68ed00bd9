"""Two paths through the middleware: visitors skip the staff machinery. (And a third,
the shortest: `/` is answered with a redirect to the visitor's language at once.)

Sessions, authentication, the second factor, the history's "changed by", messages and
django-axes matter only to staff, and only a request that carries a session cookie this
site issued, or asks for the admin (where staff sign in), can come from staff. Session
keys are signed (core/sessions.py), so a made-up cookie is a visitor's (issue 31).
Every other request, a visitor's, is anonymous by definition: it gets
`request.user = AnonymousUser()` and goes straight on, without six middleware doing
nothing for it (issue 20: they cost a visitor's page as much as Django itself does).

`staff_machinery` sits last in MIDDLEWARE and runs STAFF_MIDDLEWARE, in their order,
for staff requests only. Django's own checks look for these middleware in MIDDLEWARE;
`core.checks` checks them in STAFF_MIDDLEWARE instead, and that none of them has a
hook (process_view, process_exception, process_template_response) that a chain built
here would not run.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import MiddlewareNotUsed
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import get_script_prefix
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string
from django.utils.translation import get_language_from_request

from core.sessions import is_issued_key

# The hooks Django's handler collects from MIDDLEWARE, which a sub-chain cannot run.
UNSUPPORTED_HOOKS = ("process_view", "process_exception", "process_template_response")


def carries_a_session(request: HttpRequest) -> bool:
    """Whether the request carries a session cookie that this site issued (signed:
    core/sessions.py). A made-up one is a visitor's, told apart without a look-up."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    return bool(key) and is_issued_key(key)


def may_come_from_staff(request: HttpRequest) -> bool:
    """Staff carry a session cookie once signed in, and sign in at the admin."""
    return carries_a_session(request) or request.path_info.startswith("/" + settings.ADMIN_URL)


def staff_machinery(get_response: Callable[[HttpRequest], HttpResponse]):
    """STAFF_MIDDLEWARE around the rest of the stack, for requests that may come from
    staff; every other request goes straight on, anonymous."""
    chain = get_response
    for path in reversed(settings.STAFF_MIDDLEWARE):
        try:
            instance = import_string(path)(chain)
        except MiddlewareNotUsed:
            continue
        chain = convert_exception_to_response(instance)

    def middleware(request: HttpRequest) -> HttpResponse:
        if may_come_from_staff(request):
            return chain(request)
        request.user = AnonymousUser()
        return get_response(request)

    return middleware


def root_redirected_to_a_language(get_response: Callable[[HttpRequest], HttpResponse]):
    """A GET or HEAD of `/` is sent to the visitor's language at once: the language
    cookie (the switcher's choice) if it names one of LANGUAGES, else the browser's
    Accept-Language, else LANGUAGE_CODE, as Django's LocaleMiddleware would decide.

    Every page is under i18n_patterns, so `/` itself is no page: without this, the
    request went through the whole stack to a 404, drawn with its template, which the
    locale middleware then replaced with this same redirect (a first visit cost five
    times a cached page; issue 31). It varies on Accept-Language and Cookie, as
    Django's does, so any cache that keeps it keeps one per language choice."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path_info != "/" or request.method not in ("GET", "HEAD"):
            return get_response(request)
        request.get_host()  # a Host not in ALLOWED_HOSTS is refused (400), as without this
        prefix = get_script_prefix()
        language = get_language_from_request(request)
        location = request.get_full_path().replace(prefix, f"{prefix}{language}/", 1)
        response = HttpResponseRedirect(location)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return middleware
