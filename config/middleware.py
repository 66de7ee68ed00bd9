import threading
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def security_headers(get_response: Callable[[HttpRequest], HttpResponse]):
    """Headers Django has no setting for: which browser features pages may use."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


def load_shedding(get_response: Callable[[HttpRequest], HttpResponse]):
    """Admission control: at most MAX_CONCURRENT_REQUESTS requests run in this process at
    once. A request that cannot start within LOAD_SHEDDING_WAIT_MS gets a quick 503 with
    Retry-After instead of joining a queue that only grows: under a spike, the requests
    that are served stay fast, the others are told to come back, nothing times out.
    Off (0) by default; meant for gunicorn's threaded workers (WEB_THREADS > 1)."""
    limit = settings.MAX_CONCURRENT_REQUESTS
    if not limit:
        return get_response
    slots = threading.BoundedSemaphore(limit)
    wait = settings.LOAD_SHEDDING_WAIT_MS / 1000

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return get_response(request)
        if not slots.acquire(timeout=wait):
            response = HttpResponse(
                "The site is very busy. Please try again in a few seconds.\n",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "5"
            response["Cache-Control"] = "no-store"
            return response
        try:
            return get_response(request)
        finally:
            slots.release()

    return middleware
