"""Shared behaviour of the read-only open data endpoints under /api/v1/."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe


def open_data(max_age: int) -> Callable:
    """Any site may read it (CORS), caches may keep it for `max_age` seconds."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @require_safe
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            response["Access-Control-Allow-Origin"] = "*"
            response["Cross-Origin-Resource-Policy"] = "cross-origin"
            response["Cache-Control"] = f"public, max-age={max_age}"
            return response

        return wrapper

    return decorator


def json_response(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def in_every_language(instance, field: str) -> dict[str, str]:
    """A translated field as {language code: value} over LANGUAGES, empty ones left out."""
    values = {code: getattr(instance, f"{field}_{code}", "") for code, _ in settings.LANGUAGES}
    return {code: value for code, value in values.items() if value}
