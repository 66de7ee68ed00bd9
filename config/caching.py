"""Whole-page caching for the public pages that carry no per-visitor data."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_page


def _cached(view: Callable[..., HttpResponse], seconds: Callable[[], int], prefix: str):
    cached_views: dict[int, Callable[..., HttpResponse]] = {}

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        timeout = seconds()
        if not timeout:
            return view(request, *args, **kwargs)
        if timeout not in cached_views:
            cached_views[timeout] = cache_page(timeout, key_prefix=prefix)(view)
        return cached_views[timeout](request, *args, **kwargs)

    return wrapper


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the page from the shared cache for PAGE_CACHE_SECONDS (0: off).

    Only for views whose pages hold nothing personal: no CSRF token, no form. Responses
    that vary on a cookie (a signed-in editor previewing a draft) are cached per cookie,
    and `private` responses are never stored, as Django's cache middleware does.
    """
    return _cached(view, lambda: settings.PAGE_CACHE_SECONDS, "page")


def counter_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the live total from the shared cache: no older than COUNTER_CACHE_SECONDS."""
    return _cached(
        view,
        lambda: min(settings.PAGE_CACHE_SECONDS, settings.COUNTER_CACHE_SECONDS),
        "counter",
    )
