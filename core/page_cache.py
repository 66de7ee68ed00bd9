"""Whole-page caching for the public pages that carry no per-visitor data."""

import time
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_page

from core import cache_keys


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the page from the shared cache for PAGE_CACHE_SECONDS (0: off).

    Only for views whose pages hold nothing personal: no CSRF token, no form. Responses
    that vary on a cookie (a signed-in editor previewing a draft) are cached per cookie,
    and `private` responses are never stored, as Django's cache middleware does.
    """
    cached_views: dict[int, Callable[..., HttpResponse]] = {}

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        timeout = cache_keys.page_seconds()
        if not timeout:
            return view(request, *args, **kwargs)
        if timeout not in cached_views:
            cached_views[timeout] = cache_page(timeout, key_prefix=cache_keys.PAGE_PREFIX)(view)
        return cached_views[timeout](request, *args, **kwargs)

    return wrapper


class HotCache:
    """The few entries every request of a spike reads (the campaign page, its counter),
    kept in process memory as well as in the shared cache, until the moment the shared
    entry expires: never staler than the shared cache alone, and most requests skip
    the round trip to Redis. Entries are rendered HTML, nothing per visitor."""

    def __init__(self, max_entries: int = 256):
        self.max_entries = max_entries
        self._entries: dict[str, tuple[float, str]] = {}

    def get_or_render(self, key: str, seconds: int, render: Callable[[], str]) -> str:
        now = time.time()
        entry = self._entries.get(key)
        if entry is None or entry[0] <= now:
            entry = cache.get(key)
            if entry is None or entry[0] <= now:
                entry = (now + seconds, render())
                cache.set(key, entry, seconds)
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[key] = entry
        return entry[1]

    def clear(self) -> None:
        self._entries.clear()


hot_cache = HotCache()
