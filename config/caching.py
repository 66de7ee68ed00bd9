"""Whole-page caching for the public pages that carry no per-visitor data."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_page


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the page from the shared cache for PAGE_CACHE_SECONDS (0: off).

    Only for views whose pages hold nothing personal: no CSRF token, no form. Responses
    that vary on a cookie (a signed-in editor previewing a draft) are cached per cookie,
    and `private` responses are never stored, as Django's cache middleware does.
    """
    cached_views: dict[int, Callable[..., HttpResponse]] = {}

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds:
            return view(request, *args, **kwargs)
        if seconds not in cached_views:
            cached_views[seconds] = cache_page(seconds, key_prefix="page")(view)
        return cached_views[seconds](request, *args, **kwargs)

    return wrapper
