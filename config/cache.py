"""Django's caches as the site uses them: both count rate-limit attempts with
`count_many` (campaigns/abuse.py), and the Redis one with two changes that matter under
load (docs/benchmarks.md):

- Django's client builds a new `redis.Redis` object, and with it a table of some two
  hundred response callbacks, for every cache call: a tenth of a millisecond each, several
  times a request. One client per connection pool is enough (`redis.Redis` is
  thread-safe and its pool notices a fork).
- its `count_many` is one pipeline for every counter, instead of two calls each.
"""

from django.core.cache.backends import locmem as django_locmem
from django.core.cache.backends import redis as django_redis


class LocMemCache(django_locmem.LocMemCache):
    """The per-process cache of development and tests."""

    def count_many(self, timeouts: dict[str, int]) -> dict[str, int]:
        """Add one to each key's counter (creating it at 1 with that timeout in seconds)
        and return the new counts."""
        counts = {}
        for key, timeout in timeouts.items():
            self.add(key, 0, timeout=timeout)
            try:
                counts[key] = self.incr(key)
            except ValueError:  # expired between add and incr
                self.set(key, 1, timeout=timeout)
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


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def count_many(self, timeouts: dict[str, int]) -> dict[str, int]:
        """Add one to each key's counter (creating it at 1 with that timeout in seconds)
        and return the new counts, in one round trip."""
        keys = {key: self.make_and_validate_key(key) for key in timeouts}
        pipeline = self._cache.get_client(write=True).pipeline(transaction=False)
        for key, full_key in keys.items():
            pipeline.incr(full_key)
            pipeline.expire(full_key, timeouts[key], nx=True)
        replies = pipeline.execute()
        return {key: int(replies[2 * index]) for index, key in enumerate(keys)}
