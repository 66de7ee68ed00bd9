"""Which address a page's links name: the one the visitor used (issue 32).

The site answers on several addresses at once: its public name (SITE_URL), an onion
service (ONION_URL), and any web mirror staff point at it (each in ALLOWED_HOSTS). A
reader who reached it by one of them must stay on it: a link from the onion address to
the clear one would take a reader in Belarus back to the address that is blocked, or
watched. So what a request renders names the request's own origin (`site_origin`);
SITE_URL is only for what has no request, or must be the same on every address: emails,
feed identifiers, the canonical link.

A request on a host outside ALLOWED_HOSTS never gets this far: Django refuses it (400).
"""

from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest

from core.static_copy import is_mirror_copy


def request_origin(request: HttpRequest) -> str:
    """The scheme and host (with its port, if any) the request was sent to; the host is
    checked against ALLOWED_HOSTS (DisallowedHost, a 400, if it is not one of them)."""
    return f"{request.scheme}://{request.get_host()}"


def site_origin(request: HttpRequest | None) -> str:
    """The origin a page or an API answer links to, without a trailing slash: the one the
    visitor used; SITE_URL without a request (or a host Django would refuse); nothing for
    a page of the static copy, whose links must name no origin (core/static_copy.py)."""
    if request is None:
        return settings.SITE_URL
    if is_mirror_copy(request):
        return ""
    try:
        return request_origin(request)
    except DisallowedHost:
        return settings.SITE_URL


def absolute_url(request: HttpRequest | None, path: str) -> str:
    """A path of this site as a link on the visitor's origin (site_origin)."""
    return site_origin(request) + path


@lru_cache(maxsize=4)
def _host_of(url: str) -> str:
    return (urlsplit(url).hostname or "") if url else ""


def onion_host() -> str:
    """The host name of ONION_URL (xxx.onion), or "" when the site has no onion service."""
    return _host_of(settings.ONION_URL)


def is_onion_request(request: HttpRequest) -> bool:
    """Whether the request came through the onion service. Read from the Host header as
    sent, without Django's check: an exact match with ONION_URL's host, which settings
    add to ALLOWED_HOSTS, is allowed anyway."""
    onion = onion_host()
    if not onion:
        return False
    host = request.META.get("HTTP_HOST", "")
    return host.lower().removesuffix(":80") == onion
