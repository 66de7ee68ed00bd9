"""Redis down does not take the site down: pages are rendered from the database, the
sign form stores its signature, staff can sign in; each process uses its own memory
cache until Redis answers again (core/cache_backends.py)."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command

from campaigns.models import Signature
from core.cache_backends import RedisCache
from tests.factories import confirm_form, counter_total, emailed_link, make_campaign, sign_form
from tests.production.processes import free_port


@pytest.fixture
def redis_down(settings):
    # A port nothing listens on: free_port closes its socket again.
    location = f"redis://127.0.0.1:{free_port()}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.RedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    return location


def test_a_dead_redis_answers_from_memory_without_raising(redis_down):
    backend = RedisCache(redis_down, {"OPTIONS": {"RETRY_SECONDS": 60}})
    backend.set("key", "value", 30)
    assert backend.get("key") == "value"
    assert backend.add("key", "other") is False
    assert backend.count_many({"a": 60, "b": 60}) == {"a": 1, "b": 1}
    assert backend.count_many({"a": 60}) == {"a": 2}
    assert backend.incr("a") == 3
    backend.delete("key")
    assert backend.get("key") is None


def test_after_a_failure_redis_is_left_alone_for_a_while(redis_down, monkeypatch):
    backend = RedisCache(redis_down, {"OPTIONS": {"RETRY_SECONDS": 60}})
    backend.get("first")  # fails, and opens the circuit
    calls = []
    monkeypatch.setattr(
        "django.core.cache.backends.redis.RedisCacheClient.get",
        lambda *args, **kwargs: calls.append(args),
    )
    for _ in range(5):
        backend.get("again")
    assert calls == [], "no connection attempt while Redis is known to be down"


@pytest.mark.django_db
def test_pages_signing_and_the_admin_work_while_redis_is_down(client, redis_down, caplog):
    campaign = make_campaign()
    for path in ("/en/", "/en/campaigns/", f"/en/campaigns/{campaign.slug}/", "/en/prisoners/"):
        assert client.get(path).status_code == 200, path

    signed = client.post(f"/en/campaigns/{campaign.slug}/sign/", sign_form())
    assert signed.status_code == 302
    assert Signature.objects.count() == 1
    assert len(mail.outbox) == 1  # the confirmation email

    User.objects.create_user("editor", password="a long correct password", is_staff=True)
    login = client.post(
        "/admin/login/",
        {"username": "editor", "password": "a long correct password", "next": "/admin/"},
    )
    assert login.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert "Redis does not answer" in caplog.text

    # What the operator sees: /healthz stays ok (the site works), its details say why
    # rate limits are per process for now.
    assert client.get("/healthz").json() == {"status": "ok"}
    User.objects.filter(username="editor").update(is_superuser=True)
    details = client.get("/healthz/details").json()
    assert details["cache_mode"] == "process memory: Redis does not answer"


@pytest.mark.django_db(transaction=True)
def test_a_signature_taken_while_redis_is_down_is_emailed_confirmed_and_counted(
    client, redis_down, database_queue
):
    """Never accepted and lost: the row is stored in PostgreSQL, the worker (asked through
    the process's memory cache) queues and sends its email, and the confirmation counts
    it, all while Redis is still down."""
    campaign = make_campaign()
    assert client.post(f"/en/campaigns/{campaign.slug}/sign/", sign_form()).status_code == 302
    assert Signature.objects.get().confirmed_at is None
    assert mail.outbox == []  # waiting for the worker

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert len(mail.outbox) == 1
    assert client.post(emailed_link("confirm"), confirm_form()).status_code == 302

    assert campaign.confirmed_online() == 1
    assert counter_total(client, campaign) == "1"
