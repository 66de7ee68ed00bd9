"""Rate limits (against floods of fake signatures, say), shared by every process through
the cache. Keys are keyed hashes (of the IP address, of the email), never the raw values.
Works on any Django cache backend (core.cache_backends.count_many)."""

import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from core import cache_keys
from core.cache_backends import count_many


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


def hit(*checks: tuple[str, str, Limit]) -> int:
    """Count one attempt against each (name, key, limit), fixed windows shared by every
    process through the cache: 0 if every limit allows it, else the longest wait in
    seconds. On Redis this is one round trip for them all."""
    now = time.time()
    windows = {}
    for name, key, limit in checks:
        if limit.count:
            window = int(now // limit.seconds)
            windows[cache_keys.rate_limit(name, key, window)] = (limit, window)
    if not windows:
        return 0
    counts = count_many(
        cache, {cache_key: limit.seconds + 1 for cache_key, (limit, _) in windows.items()}
    )
    waits = [
        max(1, math.ceil((window + 1) * limit.seconds - now))
        for cache_key, (limit, window) in windows.items()
        if counts[cache_key] > limit.count
    ]
    return max(waits, default=0)


def take(name: str, limit: Limit, wanted: int) -> tuple[int, float]:
    """Take up to `wanted` units of a rate shared by every process through the cache
    (emails a minute, say): (how many were granted, seconds until the window ends if
    none were). A count of 0 grants everything."""
    if not limit.count:
        return wanted, 0.0
    now = time.time()
    window = int(now // limit.seconds)
    key = cache_keys.rate_limit(name, "all", window)
    cache.add(key, 0, limit.seconds + 1)
    try:
        after = cache.incr(key, wanted)
    except ValueError:  # expired between add and incr
        cache.add(key, wanted, limit.seconds + 1)
        after = wanted
    granted = max(0, min(wanted, limit.count - (after - wanted)))
    return granted, 0.0 if granted else (window + 1) * limit.seconds - now
