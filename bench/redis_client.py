"""What one Redis client per connection pool buys (core/cache_backends.py): the time of
one cache read through Django's stock RedisCache and through the project's, against the
Redis at REDIS_URL (default redis://127.0.0.1:6379/0).

    .venv/bin/python bench/redis_client.py
"""

import os
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "True")

import django  # noqa: E402

django.setup()

from django.core.cache.backends.redis import RedisCache as StockRedisCache  # noqa: E402

from core.cache_backends import RedisCache  # noqa: E402

URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
READS = 20_000


def microseconds_per_read(backend) -> float:
    backend.set("bench:redis-client", "x")
    best = min(timeit.repeat(lambda: backend.get("bench:redis-client"), number=READS, repeat=5))
    return best / READS * 1e6


if __name__ == "__main__":
    stock = microseconds_per_read(StockRedisCache(URL, {}))
    ours = microseconds_per_read(RedisCache(URL, {}))
    print(f"Django's RedisCache:        {stock:6.1f} µs per read")
    print(f"core.cache_backends:        {ours:6.1f} µs per read ({stock / ours:.1f}× faster)")
