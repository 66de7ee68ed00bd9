"""Defences against floods of fake signatures: keyed IP hashes and rate limits.

The raw IP address is read from the request, hashed with a key, and dropped. Only the
hash is stored (on the signature, for spotting floods) and used as a rate-limit key.
"""

import hashlib
import hmac
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or the address the last trusted proxy saw."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def ip_hash(ip: str) -> str:
    """A keyed hash of an IP address: the same address gives the same hash, but the
    address cannot be recovered without SECRET_KEY."""
    key = hashlib.sha256(b"campaigns.ip_hash:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Limit":
        """'20/600' is 20 attempts per 600 seconds; a count of 0 switches the limit off."""
        try:
            count, seconds = (int(part) for part in text.split("/"))
        except ValueError:
            raise ImproperlyConfigured(f"Rate limit {text!r} is not count/seconds.") from None
        if count < 0 or seconds < 1:
            raise ImproperlyConfigured(f"Rate limit {text!r} must be count>=0/seconds>=1.")
        return cls(count, seconds)


def hit(name: str, key: str, limit: Limit) -> int:
    """Count one attempt against a fixed-window limit shared by every process through
    the cache. Returns 0 if allowed, else the seconds until the window resets."""
    if limit.count == 0:
        return 0
    now = time.time()
    window = int(now // limit.seconds)
    cache_key = f"rate:{name}:{key}:{window}"
    cache.add(cache_key, 0, timeout=limit.seconds + 1)
    try:
        attempts = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=limit.seconds + 1)
        attempts = 1
    if attempts <= limit.count:
        return 0
    return max(1, math.ceil((window + 1) * limit.seconds - now))
