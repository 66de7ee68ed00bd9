import logging
import re
import threading
import time
from collections.abc import Callable
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.middleware import csp, security
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.csp import CSP, build_policy
from django.utils.datastructures import MultiValueDict

from core.csrf import REFERRER_KEPT_ON_SITE
from core.hosts import is_onion_request

logger = logging.getLogger(__name__)


def security_headers(get_response: Callable[[HttpRequest], HttpResponse]):
    """Headers Django has no setting for: which browser features pages may use; the
    admin's referrer policy (its forms carry Django's CSRF token, whose check needs the
    Origin that `no-referrer` would blank: core.csrf.REFERRER_KEPT_ON_SITE)."""
    admin_prefix = f"/{settings.ADMIN_URL}"

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.path.startswith(admin_prefix):
            response.headers.setdefault("Referrer-Policy", REFERRER_KEPT_ON_SITE)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


class SecurityMiddleware(security.SecurityMiddleware):
    """Django's, aware of the onion service (ONION_URL, issue 32).

    A request on the onion host is not redirected to HTTPS and gets no HSTS: an onion
    address has no certificate, and Tor already encrypts and authenticates the whole
    way, so the redirect would lead nowhere. Every other answer says where the same
    page is on the onion service (Onion-Location), which Tor Browser offers to open."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        if is_onion_request(request):
            return None
        return super().process_request(request)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        if is_onion_request(request):
            # Set only over HTTPS, which Tor's hop to the app is not; but a proxy that
            # says https for every request must not make the onion address pinned.
            response.headers.pop("Strict-Transport-Security", None)
        elif settings.ONION_URL:
            response.headers.setdefault(
                "Onion-Location", settings.ONION_URL + request.get_full_path()
            )
        return response


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's, with the settings' policies built once, not for every response (issue
    20): the site's pages have no inline script, so their policy is a constant. A view's
    own policy (csp_override), or settings that name CSP.NONCE, go to Django's as they
    are."""

    _built: tuple[object, object, list[tuple[str, str]] | None] = (None, None, None)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        headers = self._settings_headers()
        if (
            headers is None
            or hasattr(response, "_csp_config")
            or hasattr(response, "_csp_ro_config")
        ):
            return super().process_response(request, response)
        for header, policy in headers:
            response.headers.setdefault(header, policy)
        return response

    def _settings_headers(self) -> list[tuple[str, str]] | None:
        """The headers of SECURE_CSP and SECURE_CSP_REPORT_ONLY, built again only when
        the settings change (as tests do); None if either needs a nonce per response."""
        enforce, report_only = settings.SECURE_CSP, settings.SECURE_CSP_REPORT_ONLY
        if self._built[0] is not enforce or self._built[1] is not report_only:
            headers = []
            for header, config in (
                (CSP.HEADER_ENFORCE, enforce),
                (CSP.HEADER_REPORT_ONLY, report_only),
            ):
                if not config:
                    continue
                policy = build_policy(config)
                if build_policy(config, "nonce") != policy:  # it names CSP.NONCE
                    headers = None
                    break
                headers.append((str(header), policy))
            self._built = (enforce, report_only, headers)
        return self._built[2]


UNREADABLE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,
initial-scale=1"><title>Bad request</title><link rel="stylesheet" href="{stylesheet}">
</head><body><main class="wrap"><h1>This request could not be read</h1><p>What was sent
could not be read (an unknown character set, or far too many fields). Nothing was
stored. Please go back, reload the page and try again.</p><p><a href="/">Home page</a></p>
</main></body></html>"""


def unreadable_requests_refused(get_response: Callable[[HttpRequest], HttpResponse]):
    """A 400 for a query string or a form body Django refuses to parse, before any
    other code touches it. Without this, such a request answers 500: Django's 400
    handler runs the CSRF check, which reads the body again and raises again, and in
    development the debug page crashes the same way (docs/security.md). Inside the
    security middleware, so the answer carries every security header. Rendered without
    templates, sessions or translations, which may be what cannot read the request;
    the root "/" redirects to the visitor's language."""
    page = UNREADABLE_PAGE.format(stylesheet=static("css/site.css"))

    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            request.GET  # noqa: B018 - parsing is the point
            if request.method in ("POST", "PUT", "PATCH"):
                request.POST  # noqa: B018
        except (BadRequest, SuspiciousOperation, UnicodeDecodeError, LookupError) as error:
            request.GET, request.POST = QueryDict(), QueryDict()
            request._files = MultiValueDict()
            logger.warning("Unreadable request refused: %s", type(error).__name__)
            response = HttpResponseBadRequest(page)
            response["Cache-Control"] = "no-store"
            return response
        return get_response(request)

    return middleware


# Added to shared links by social networks, newsletters and ad platforms: a new value
# per click for some (fbclid, gclid), so each visit would miss the page cache.
TRACKING_PARAMETER = re.compile(
    r"utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|igshid|twclid|ttclid"
    r"|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|ref_src"
)


def tracking_parameters_ignored(get_response: Callable[[HttpRequest], HttpResponse]):
    """Drop tracking parameters from the query string before anything reads it: a
    spike of visitors from one shared post is then served from the page cache like any
    other visit, and no page, log line or cache key carries their click identifiers."""

    def middleware(request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if query:
            pairs = query.split("&")
            kept = [
                pair
                for pair in pairs
                if not TRACKING_PARAMETER.fullmatch(unquote_plus(pair.partition("=")[0]))
            ]
            if len(kept) != len(pairs):
                request.META["QUERY_STRING"] = "&".join(kept)
                request.__dict__.pop("GET", None)  # parsed again from the new string
        return get_response(request)

    return middleware


def load_shedding(get_response: Callable[[HttpRequest], HttpResponse]):
    """Admission control: at most MAX_CONCURRENT_REQUESTS requests run in this process
    at once, and at most LOAD_SHEDDING_QUEUE more wait for a turn, each no longer than
    LOAD_SHEDDING_WAIT_MS. Any other request gets a quick 503 with Retry-After instead
    of joining a queue that only grows: under a spike, the requests that are served stay
    fast, the others are told to come back at once, nothing times out.
    Off (0) by default; meant for gunicorn's threaded workers (WEB_THREADS > 1), whose
    spare threads are what answer the 503s."""
    limit = settings.MAX_CONCURRENT_REQUESTS
    if not limit:
        return get_response
    slots = threading.BoundedSemaphore(limit)
    wait = settings.LOAD_SHEDDING_WAIT_MS / 1000
    queue_limit = settings.LOAD_SHEDDING_QUEUE
    lock = threading.Lock()
    waiting = 0

    def admitted() -> bool:
        nonlocal waiting
        if slots.acquire(blocking=False):
            return True
        with lock:
            if waiting >= queue_limit:
                return False
            waiting += 1
        try:
            return slots.acquire(timeout=wait)
        finally:
            with lock:
                waiting -= 1

    health_check = reverse("healthz")

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path == health_check:
            return get_response(request)
        if not admitted():
            response = HttpResponse(
                "The site is very busy. Please try again in a few seconds.\n",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "5"
            response["Cache-Control"] = "no-store"
            # Not one error line per refused request: a spike would flood the log.
            response._has_been_logged = True
            _note_shed()
            return response
        try:
            return get_response(request)
        finally:
            slots.release()

    return middleware


_shed = {"count": 0, "since": 0.0}
_shed_lock = threading.Lock()


def _note_shed(every: float = 10.0) -> None:
    """One warning per process at most every `every` seconds, with the count turned away."""
    with _shed_lock:
        _shed["count"] += 1
        now = time.monotonic()
        if now - _shed["since"] < every:
            return
        count, _shed["count"], _shed["since"] = _shed["count"], 0, now
    logger.warning("Load shedding: %d requests turned away with a 503", count)


# How long a visitor is asked to wait when the database is out of reach.
DATABASE_RETRY_SECONDS = 30


def database_unavailable(get_response: Callable[[HttpRequest], HttpResponse]):
    """A 503 page with Retry-After, not a 500 traceback, when the database cannot be
    reached or its connection is lost in the middle of a request. Every write that
    matters is one statement or one transaction (a signature is one INSERT, a
    confirmation one transaction), so a lost connection leaves it done or not done,
    never half; the page says to try again, and signing again is always safe (an address
    is never counted twice). Other database errors (a constraint, a bug) stay 500s."""

    def middleware(request: HttpRequest) -> HttpResponse:
        return get_response(request)

    def process_exception(request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable (%s) during %s %s: answered 503",
            type(exception).__name__,
            request.method,
            request.path,
        )
        response = HttpResponse(
            render_to_string("database_unavailable.html", request=request),
            status=503,
            content_type="text/html; charset=utf-8",
        )
        response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
        response["Cache-Control"] = "no-store"
        response._has_been_logged = True  # the line above says it, once
        return response

    middleware.process_exception = process_exception
    return middleware
