"""The Redis cache backend that production uses (core/cache_backends.py): the rate limits must
count across processes in one round trip, expire with their window, and the client must
be built once, not on every call."""

import os

import pytest

from core import rate_limits
from core.cache_backends import RedisCache
from tests.redis_lock import redis_database_held

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture
def redis_cache():
    import redis

    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": "test"})
    with redis_database_held(REDIS_URL):
        try:
            backend.clear()
        except redis.ConnectionError:
            message = f"Redis does not answer at {REDIS_URL}"
            if os.environ.get("CI") == "true":
                pytest.fail(f"{message}: in CI the Redis tests must run")
            pytest.skip(f"{message}: start Redis to run the tests of the production cache")
        yield backend
        backend.clear()


def test_count_many_counts_each_key_and_sets_its_expiry_once(redis_cache):
    assert redis_cache.count_many({"a": 60, "b": 600}) == {"a": 1, "b": 1}
    assert redis_cache.count_many({"a": 60, "b": 600}) == {"a": 2, "b": 2}
    client = redis_cache._cache.get_client(write=True)
    ttl_a = client.ttl(redis_cache.make_and_validate_key("a"))
    ttl_b = client.ttl(redis_cache.make_and_validate_key("b"))
    assert 0 < ttl_a <= 60 and 540 < ttl_b <= 600
    # A later count does not push the expiry back (a fixed window, not a sliding one).
    client.expire(redis_cache.make_and_validate_key("a"), 5)
    redis_cache.count_many({"a": 60})
    assert client.ttl(redis_cache.make_and_validate_key("a")) <= 5


def test_the_counters_are_plain_cache_values(redis_cache):
    redis_cache.count_many({"c": 60})
    redis_cache.count_many({"c": 60})
    assert redis_cache.get("c") == 2


def test_the_client_is_built_once(redis_cache):
    first = redis_cache._cache.get_client(write=True)
    redis_cache.set("k", "v")
    assert redis_cache._cache.get_client(write=True) is first
    assert redis_cache.get("k") == "v"


def test_the_rate_limits_block_after_the_count_on_redis(redis_cache, monkeypatch):
    monkeypatch.setattr(rate_limits, "cache", redis_cache)
    ip, email = rate_limits.Limit(3, 600), rate_limits.Limit(2, 600)
    results = [rate_limits.hit(("ip", "1", ip), ("email", "x", email)) for _ in range(3)]
    assert results[:2] == [0, 0]
    assert 0 < results[2] <= 600  # the address's limit of 2 is spent
    # Another address from the same IP: its limit of 3 was spent by the third attempt.
    assert rate_limits.hit(("ip", "1", ip), ("email", "y", email)) > 0
    assert rate_limits.hit(("ip", "2", ip), ("email", "z", email)) == 0
