"""Where a request comes from, without keeping where it comes from.

The raw IP address is read from the request, hashed with a key, and dropped. Only the
hash is stored (on signatures, for spotting floods) or used (rate limits, login
throttling); without SECRET_KEY it cannot be turned back into the address.
"""

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or the address the last trusted proxy saw."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def ip_hash(ip: str) -> str:
    """A keyed hash of an IP address: the same address gives the same hash."""
    key = hashlib.sha256(b"network.ip_hash:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()[:32]


def request_ip_hash(request: HttpRequest) -> str:
    """The keyed hash of the request's client address (also what django-axes sees)."""
    return ip_hash(client_ip(request))
