"""The Redis cache backend that production uses, and `count_many`, the one operation
rate limits need beyond Django's cache API. Any Django backend works (development and
tests use Django's own LocMemCache); the Redis one here changes three things:

- Django's client builds a new `redis.Redis` object, and with it a table of some two
  hundred response callbacks, for every cache call; one client per connection pool is
  enough (`redis.Redis` is thread-safe and its pool notices a fork). This overrides
  `get_client` of Django's `RedisCacheClient`, which uses its private pool helpers: it
  makes a cache read about three times cheaper (docs/benchmarks.md, `bench/redis_client.py`).
- its `count_many` is one pipeline for every counter, instead of two calls each.
- when Redis is down, every call falls back to a memory cache in the process
  (`RedisCache._fallback`) rather than raising, so that pages are rendered from the
  database, signatures are stored and staff can sign in; rate limits then count per
  process until Redis answers again. After a failure Redis is left alone for
  REDIS_RETRY_SECONDS, so that a dead Redis costs one connect timeout per process and
  interval, not one per call.
"""

import functools
import logging
import threading
import time

import redis
from django.core.cache.backends import locmem as django_locmem
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import BaseCache

logger = logging.getLogger(__name__)

REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def count_many(backend: BaseCache, timeouts: dict[str, int]) -> dict[str, int]:
    """Add one to each key's counter (creating it at 1 with that timeout in seconds) and
    return the new counts: with the backend's own `count_many` where it has one (one
    round trip on Redis), else with Django's `add` and `incr`, which are atomic on
    Redis, Memcached and the memory cache (the database cache's `incr` is not: under
    concurrency it may count a little low)."""
    if hasattr(backend, "count_many"):
        return backend.count_many(timeouts)
    counts = {}
    for key, timeout in timeouts.items():
        backend.add(key, 0, timeout=timeout)
        try:
            counts[key] = backend.incr(key)
        except ValueError:  # expired between add and incr
            backend.set(key, 1, timeout=timeout)
            counts[key] = 1
    return counts


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


def _or_fallback(method):
    """Run the Redis method, or the same one on the process's memory cache while Redis
    does not answer."""
    name = method.__name__

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if time.monotonic() >= self._redis_down_until:
            try:
                return method(self, *args, **kwargs)
            except REDIS_DOWN as error:
                self._redis_failed(error)
        return getattr(self._fallback, name)(*args, **kwargs)

    return call


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._retry_seconds = options.pop("RETRY_SECONDS", 5)
        params = params | {"OPTIONS": options}
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._fallback = django_locmem.LocMemCache(
            f"redis-fallback-{id(self)}", params | {"OPTIONS": {}}
        )
        self._redis_down_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_falling_back(self) -> bool:
        """Whether this process answers from its own memory because Redis did not answer
        (for /healthz/details)."""
        return time.monotonic() < self._redis_down_until

    def _redis_failed(self, error: Exception) -> None:
        with self._lock:
            if time.monotonic() < self._redis_down_until:
                return
            self._redis_down_until = time.monotonic() + self._retry_seconds
        logger.error(
            "Redis does not answer (%s): this process uses its own memory cache for %s s",
            type(error).__name__,
            self._retry_seconds,
        )

    add = _or_fallback(django_redis.RedisCache.add)
    get = _or_fallback(django_redis.RedisCache.get)
    set = _or_fallback(django_redis.RedisCache.set)
    touch = _or_fallback(django_redis.RedisCache.touch)
    delete = _or_fallback(django_redis.RedisCache.delete)
    get_many = _or_fallback(django_redis.RedisCache.get_many)
    has_key = _or_fallback(django_redis.RedisCache.has_key)
    incr = _or_fallback(django_redis.RedisCache.incr)
    set_many = _or_fallback(django_redis.RedisCache.set_many)
    delete_many = _or_fallback(django_redis.RedisCache.delete_many)
    clear = _or_fallback(django_redis.RedisCache.clear)

    def count_many(self, timeouts: dict[str, int]) -> dict[str, int]:
        """Add one to each key's counter (creating it at 1 with that timeout in seconds)
        and return the new counts, in one round trip."""
        if time.monotonic() >= self._redis_down_until:
            try:
                return self._count_many_in_redis(timeouts)
            except REDIS_DOWN as error:
                self._redis_failed(error)
        return count_many(self._fallback, timeouts)

    def _count_many_in_redis(self, timeouts: dict[str, int]) -> dict[str, int]:
        keys = {key: self.make_and_validate_key(key) for key in timeouts}
        pipeline = self._cache.get_client(write=True).pipeline(transaction=False)
        for key, full_key in keys.items():
            pipeline.incr(full_key)
            pipeline.expire(full_key, timeouts[key], nx=True)
        replies = pipeline.execute()
        return {key: int(replies[2 * index]) for index, key in enumerate(keys)}
