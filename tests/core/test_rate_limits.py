"""Rate limits count on any Django cache backend: the project's Redis backend counts in
one round trip, and Django's own backends (memory, Redis, database) count with their
add and incr, so that switching CACHES never breaks signing."""

import datetime
import os

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from core import rate_limits
from tests.factories import make_campaign, sign_form, sign_urls
from tests.redis_lock import redis_database_held

# Three minutes into a ten-minute window: a limit of 600 seconds resets in 420.
MOMENT = datetime.datetime(2026, 11, 24, 12, 3, tzinfo=datetime.UTC)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")

BACKENDS = {
    "django-locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "django-database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "test_rate_limit_cache",
    },
    "django-redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "test-stock",
    },
    "project-redis": {
        "BACKEND": "core.cache_backends.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "test-project",
    },
}


@pytest.fixture(params=list(BACKENDS))
def any_backend(request, settings, db):
    import redis

    settings.CACHES = {"default": BACKENDS[request.param]}
    if request.param == "django-database":
        call_command("createcachetable", verbosity=0)
    with redis_database_held(REDIS_URL):
        try:
            cache.clear()
        except redis.ConnectionError:
            message = f"Redis does not answer at {REDIS_URL}"
            if os.environ.get("CI") == "true":
                pytest.fail(f"{message}: in CI the Redis tests must run")
            pytest.skip(message)
        yield request.param
        cache.clear()


@pytest.fixture
def frozen():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


def test_hit_allows_the_count_then_tells_the_wait(any_backend, frozen):
    limit = rate_limits.Limit(3, 600)
    assert [rate_limits.hit(("test", "key", limit)) for _ in range(3)] == [0, 0, 0]
    assert rate_limits.hit(("test", "key", limit)) == 420
    frozen.shift(datetime.timedelta(seconds=60))
    assert rate_limits.hit(("test", "key", limit)) == 360
    assert rate_limits.hit(("test", "other-key", limit)) == 0
    assert rate_limits.hit(("other-name", "key", limit)) == 0


def test_hit_counts_every_limit_of_one_attempt(any_backend, frozen):
    ip, email = rate_limits.Limit(3, 600), rate_limits.Limit(2, 600)
    results = [rate_limits.hit(("ip", "1", ip), ("email", "x", email)) for _ in range(3)]
    assert results == [0, 0, 420]
    assert rate_limits.hit(("ip", "1", ip), ("email", "y", email)) == 420
    assert rate_limits.hit(("ip", "2", ip), ("email", "z", email)) == 0


def test_hit_starts_again_in_the_next_window(db, frozen):
    limit = rate_limits.Limit(1, 60)
    assert rate_limits.hit(("test", "key", limit)) == 0
    assert rate_limits.hit(("test", "key", limit)) == 60
    frozen.shift(datetime.timedelta(seconds=60))
    assert rate_limits.hit(("test", "key", limit)) == 0


def test_hit_never_stops_with_a_count_of_zero(db):
    limit = rate_limits.Limit(0, 60)
    assert {rate_limits.hit(("test", "key", limit)) for _ in range(50)} == {0}


def test_signing_works_on_any_backend(any_backend, client):
    campaign = make_campaign()
    response = client.post(sign_urls(campaign)["sign"], sign_form(email="any@example.org"))
    assert response.status_code == 302
    assert campaign.signatures.for_address("any@example.org").exists()


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("20/600", rate_limits.Limit(20, 600)),
        ("0/1", rate_limits.Limit(0, 1)),
        (" 5 / 60 ", rate_limits.Limit(5, 60)),
    ],
)
def test_parse_reads_count_and_seconds(text, limit):
    assert rate_limits.Limit.parse(text) == limit


@pytest.mark.parametrize("text", ["", "20", "twenty/600", "20/600/1", "20/0", "-1/600", "20/-5"])
def test_parse_refuses_bad_text(text):
    with pytest.raises(ImproperlyConfigured):
        rate_limits.Limit.parse(text)
