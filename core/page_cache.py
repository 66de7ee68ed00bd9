"""The caching of public pages, in one place (docs/architecture.md, "Caching").

A public page is the same bytes for every visitor: no cookie, no CSRF token, no nonce.
Its view says how long it may be kept, in HTTP's own words (`Cache-Control: public,
max-age=N, s-maxage=N`, set by the decorators `public_page` and `live_page`), so that
any shared HTTP cache in front of the site may serve it (docs/deploy.md), and so does the
site itself: the middleware `public_pages_served_from_cache`, placed just after the
security middleware, answers a repeated GET from the cache before sessions, locale, CSRF,
authentication, messages, the URL resolver or the view run. It stores only what a shared
cache may store: a 200 to a GET that says `public` with an `s-maxage`, sets no cookie and
varies on nothing but the htmx headers; and it serves nothing to a request that carries a
session cookie this site issued (staff, who may preview drafts; a made-up one is a
visitor's: core/request_path.py). No answer that sets a cookie says `public`, whichever
path drew it.

Each stored page is kept in the shared cache until it expires, and in each process's
memory for at most LOCAL_SECONDS of that time, so that most requests skip the round trip
to Redis while `forget_pages` (a profile saved, unpublished or deleted) reaches every
process within a second. A page served from the cache says how long it may still be
kept (its max-age and s-maxage lowered to what is left), so that no cache downstream
keeps it longer than the first render allows: the live total stays as fresh as promised.

A page is stored per origin (scheme, host and port), as its links name the address the
visitor used (core/hosts.py): a page drawn for the onion service is never served on the
clear address, nor the other way round. `forget_pages` forgets a path on every origin it
may have been stored for: those the settings name (SITE_URL, ONION_URL, each host of
ALLOWED_HOSTS over http and https), and up to EXTRA_ORIGINS others recorded in the shared
cache as pages are stored for them (a host with a port, as in development); a page asked
on yet another origin is served, not stored.
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from core import cache_keys
from core.hosts import request_origin
from core.request_path import carries_a_session
from core.static_copy import is_mirror_copy

# How long a process keeps a page in its own memory before it asks the shared cache
# again: how late a forgotten page may still be served by another process.
LOCAL_SECONDS = 1.0
# Enough for the pages a spike asks for (a campaign, its counter, home, the lists, in
# three languages: about 0.5 MB); a bound on each process's memory. Thousands of
# profiles come from the shared cache. The other maps hold a key or a path per entry.
LOCAL_MAX_BYTES = 1_000_000
LOCAL_MAX_ENTRIES = 64
# The request headers a stored page may vary on: each is part of its key.
KEYED_HEADERS = ("HX-Request", "HX-History-Restore-Request")
_KEYED_VARY = {header.lower() for header in KEYED_HEADERS}
# Origins not named by the settings that pages may be stored for (the module's docstring),
# and how long a process trusts that one it recorded is still recorded.
EXTRA_ORIGINS = 16
ORIGIN_RECHECK_SECONDS = 60.0
# The variants of one path that forget_pages removes: a plain visit, an htmx request,
# an htmx history restore.
_HEADER_VARIANTS = (("", ""), ("true", ""), ("true", "true"))


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page the same for every visitor, kept for PAGE_CACHE_SECONDS by this site and
    by any HTTP cache in front of it (0: not kept)."""
    return _kept_for(view, cache_keys.page_seconds)


def live_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page that shows a campaign's live total: kept no longer than the total may lag
    (cache_keys.live_seconds), whatever query string it is asked with (it reads none,
    and a new query per visit must not make each visit render it again)."""
    return _kept_for(view, cache_keys.live_seconds, ignores_query=True)


def public_page_until_changed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public page that a save forgets (`forget_pages`, as Person.forget_cached_version
    does for a profile): kept here until then, for cache_keys.until_changed_seconds at
    most (what it shows also moves with time), and by HTTP caches for
    PAGE_CACHE_SECONDS, since they cannot be told. So a spike on any of thousands of
    profiles is served from the cache, and an edit still shows at once."""
    return _kept_for(view, cache_keys.page_seconds, kept_here=cache_keys.until_changed_seconds)


def _kept_for(
    view: Callable[..., HttpResponse],
    seconds: Callable[[], int],
    *,
    ignores_query=False,
    kept_here: Callable[[], int] | None = None,
) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not _is_private(response):
            lifetime = seconds()
            patch_cache_control(response, public=True, max_age=lifetime, s_maxage=lifetime)
            response.page_cache_ignores_query = ignores_query
            if kept_here is not None and lifetime:
                response.page_cache_kept_seconds = kept_here()
        return response

    return wrapper


def _is_private(response: HttpResponse) -> bool:
    directives = response.get("Cache-Control", "")
    return "private" in directives or "no-store" in directives or "no-cache" in directives


@dataclass(frozen=True)
class StoredPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    expires: float
    # A page kept until changed says the same lifetime to HTTP caches whatever its age
    # here: it is current for as long as it is kept (public_page_until_changed).
    ages: bool = True

    @classmethod
    def of(cls, response: HttpResponse, now: float) -> "StoredPage | None":
        """The response as a shared cache may keep it, or None if it may not."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return None
        directives = response.get("Cache-Control", "")
        if "public" not in directives or _is_private(response):
            return None
        seconds = _shared_max_age(directives)
        if not seconds:
            return None
        vary = {value.strip().lower() for value in response.get("Vary", "").split(",")}
        if not vary - {""} <= _KEYED_VARY:
            return None
        kept = getattr(response, "page_cache_kept_seconds", None)
        return cls(
            response.status_code,
            tuple(response.items()),
            response.content,
            now + (kept or seconds),
            ages=kept is None,
        )

    def response(self, now: float) -> HttpResponse:
        """A new response for one request, saying how long it may still be kept."""
        response = HttpResponse(self.content, status=self.status)
        for header, value in self.headers:
            response.headers[header] = value
        if self.ages:
            left = max(0, int(self.expires - now))
            patch_cache_control(response, max_age=left, s_maxage=left)
        return response


def _shared_max_age(directives: str) -> int:
    for directive in directives.split(","):
        name, _, value = directive.strip().partition("=")
        if name == "s-maxage" and value.isdigit():
            return int(value)
    return 0


def page_key(origin: str, path: str, query: str, hx_request: str, hx_restore: str) -> str:
    identity = "\n".join((origin, path, query, hx_request, hx_restore)).encode()
    return cache_keys.public_page(hashlib.blake2b(identity, digest_size=16).hexdigest())


def _request_key(request: HttpRequest, origin: str, ignores_query: bool) -> str:
    meta = request.META  # not request.headers, which copies every header per request
    return page_key(
        origin,
        request.path,
        "" if ignores_query else meta.get("QUERY_STRING", ""),
        meta.get("HTTP_HX_REQUEST", ""),
        meta.get("HTTP_HX_HISTORY_RESTORE_REQUEST", ""),
    )


class _LocalPages:
    """Each process's copies of stored pages, the paths whose pages it has learned
    ignore the query string, and the keys whose last answer was not storable (a form's
    page, a 404, the open data), so that a request for them does not ask the shared
    cache for nothing each time."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[float, StoredPage]] = {}
        self.page_bytes = 0
        self.paths_ignoring_query: dict[str, bool] = {}
        self.not_stored_until: dict[str, float] = {}
        self.origins_recorded_until: dict[str, float] = {}

    def get(self, key: str, now: float) -> StoredPage | None:
        entry = self.pages.get(key)
        if entry is None or entry[0] <= now:
            return None
        return entry[1]

    def put(self, key: str, page: StoredPage, now: float) -> None:
        size = len(page.content)
        if self.page_bytes + size > LOCAL_MAX_BYTES:
            self.pages.clear()
            self.page_bytes = 0
        previous = self.pages.get(key)
        if previous is not None:
            self.page_bytes -= len(previous[1].content)
        self.pages[key] = (min(page.expires, now + LOCAL_SECONDS), page)
        self.page_bytes += size

    def is_known_unstorable(self, key: str, now: float) -> bool:
        return self.not_stored_until.get(key, 0.0) > now

    def learn_unstorable(self, key: str, now: float) -> None:
        if len(self.not_stored_until) >= LOCAL_MAX_ENTRIES:
            self.not_stored_until.clear()
        self.not_stored_until[key] = now + cache_keys.page_seconds()

    def forget(self, key: str) -> None:
        forgotten = self.pages.pop(key, None)
        if forgotten is not None:
            self.page_bytes -= len(forgotten[1].content)
        self.not_stored_until.pop(key, None)

    def learn_ignores_query(self, path: str) -> None:
        if len(self.paths_ignoring_query) >= LOCAL_MAX_ENTRIES:
            self.paths_ignoring_query.clear()
        self.paths_ignoring_query[path] = True

    def clear(self) -> None:
        self.pages.clear()
        self.page_bytes = 0
        self.paths_ignoring_query.clear()
        self.not_stored_until.clear()
        self.origins_recorded_until.clear()


local_pages = _LocalPages()


def configured_origins() -> frozenset[str]:
    """The origins the settings name: SITE_URL, ONION_URL, and each host of ALLOWED_HOSTS
    (but patterns: ".example.org", "*") over http and https."""
    return _origins_of(settings.SITE_URL, settings.ONION_URL, tuple(settings.ALLOWED_HOSTS))


@lru_cache(maxsize=4)
def _origins_of(site_url: str, onion_url: str, allowed_hosts: tuple[str, ...]) -> frozenset[str]:
    origins = {site_url, onion_url} - {""}
    for host in allowed_hosts:
        if host != "*" and not host.startswith("."):
            origins.update((f"http://{host}", f"https://{host}"))
    return frozenset(origins)


def _origin_slots() -> list[str]:
    return [cache_keys.page_origin(index) for index in range(EXTRA_ORIGINS)]


def _recorded_origins() -> set[str]:
    return set(cache.get_many(_origin_slots()).values())


def _forgettable(origin: str, now: float) -> bool:
    """Whether forget_pages will find the pages stored for this origin: the settings name
    it, or it is recorded in the shared cache (recorded now if a slot is free)."""
    if origin in configured_origins() or local_pages.origins_recorded_until.get(origin, 0) > now:
        return True
    slots = _origin_slots()
    recorded = cache.get_many(slots)
    if origin not in recorded.values():
        for slot in slots:
            # add() takes a free slot atomically: two processes never take the same one.
            if slot not in recorded and (
                cache.add(slot, origin, timeout=None) or cache.get(slot) == origin
            ):
                break
        else:
            return False
    local_pages.origins_recorded_until[origin] = now + ORIGIN_RECHECK_SECONDS
    return True


def _not_public_if_it_sets_a_cookie(response: HttpResponse) -> HttpResponse:
    """A response that sets a cookie is one person's (a staff member's session kept
    alive on a public page, say): it must never tell a shared cache it may keep it,
    whichever path drew it (issue 31)."""
    if response.cookies and "public" in response.get("Cache-Control", ""):
        patch_cache_control(response, private=True)  # in place of public
    return response


def public_pages_served_from_cache(get_response: Callable[[HttpRequest], HttpResponse]):
    """Answer a GET or HEAD of a stored public page before the rest of the stack runs;
    store what the views say a shared cache may keep (the module's docstring). No
    answer that sets a cookie says `public`."""

    def middleware(request: HttpRequest) -> HttpResponse:
        return _not_public_if_it_sets_a_cookie(answer(request))

    def answer(request: HttpRequest) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD")
            or carries_a_session(request)
            or not cache_keys.page_seconds()
            # A page of the static copy differs from the live one (no query forms, its
            # own search): neither served from nor stored in the live pages' cache.
            or is_mirror_copy(request)
        ):
            return get_response(request)
        # A Host not in ALLOWED_HOSTS is refused here (400), as without this.
        origin = request_origin(request)
        now = time.time()
        ignores_query = request.path in local_pages.paths_ignoring_query
        key = _request_key(request, origin, ignores_query)
        if local_pages.is_known_unstorable(key, now):
            return get_response(request)
        page = local_pages.get(key, now)
        if page is None:
            page = cache.get(key)
            if page is not None and page.expires > now:
                local_pages.put(key, page, now)
            else:
                page = None
        if page is not None:
            return page.response(now)

        response = get_response(request)
        if request.method != "GET":
            return response
        page = StoredPage.of(response, now)
        if page and _forgettable(origin, now):
            if getattr(response, "page_cache_ignores_query", False) and not ignores_query:
                local_pages.learn_ignores_query(request.path)
                key = _request_key(request, origin, ignores_query=True)
            cache.set(key, page, max(1, int(page.expires - now)))
            local_pages.put(key, page, now)
        else:
            local_pages.learn_unstorable(key, now)
        return response

    return middleware


def forget_pages(paths: Iterable[str]) -> None:
    """Stop serving these paths' stored pages (without a query string), on every origin:
    at once in this process and the shared cache, within LOCAL_SECONDS in the others."""
    origins = configured_origins() | _recorded_origins()
    keys = [
        page_key(origin, path, "", *variant)
        for path in paths
        for origin in origins
        for variant in _HEADER_VARIANTS
    ]
    cache.delete_many(keys)
    for key in keys:
        local_pages.forget(key)
