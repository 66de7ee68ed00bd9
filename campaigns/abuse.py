"""Rate limits against floods of fake signatures, shared by every process through the
cache. Keys are keyed hashes (of the IP address, of the email), never the raw values."""

import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured


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
