"""Shared behaviour of the read-only open data endpoints under /api/v1/."""

from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

API_PATH = "/api/"
READ_METHODS = ("GET", "HEAD")
# How long caches may keep an error of the open data (a profile missing now may be
# published in a minute).
ERROR_MAX_AGE = 60


def open_data(max_age: int) -> Callable:
    """Any site may read it (CORS), caches may keep it for `max_age` seconds. Only GET
    and HEAD: any other method answers 405 (exempt from the CSRF check, which would
    refuse a POST with a 403 first: nothing here writes). A missing object (Http404)
    answers a 404. Errors are problem details (`problem`), with the same headers, so that
    a page on another site can read them too."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in READ_METHODS:
                return method_not_allowed()
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                return not_found()
            return with_open_data_headers(response, max_age)

        return wrapper

    return decorator


def with_open_data_headers(response: HttpResponse, max_age: int) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


def problem(status: int, detail: str) -> HttpResponse:
    """An error as RFC 9457 problem details (`application/problem+json`), with the
    headers of open data."""
    response = JsonResponse(
        {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status,
         "detail": detail},
        status=status,
        content_type="application/problem+json",
    )  # fmt: skip
    return with_open_data_headers(response, ERROR_MAX_AGE)


def not_found() -> HttpResponse:
    return problem(404, "Nothing public is at this address of the open data.")


def method_not_allowed() -> HttpResponse:
    response = problem(405, "The open data is read-only: use GET or HEAD.")
    response["Allow"] = ", ".join(READ_METHODS)
    return response


def json_response(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def in_every_language(instance, field: str) -> dict[str, str]:
    """A translated field as {language code: value} over LANGUAGES, empty ones left out."""
    values = {code: getattr(instance, f"{field}_{code}", "") for code, _ in settings.LANGUAGES}
    return {code: value for code, value in values.items() if value}
