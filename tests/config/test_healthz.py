from unittest import mock

from django.db import OperationalError
from django.utils import timezone


def test_it_reports_a_database_and_cache_that_answer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_it_reports_a_database_that_does_not_answer(client, db):
    with mock.patch(
        "config.views.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["status"] == "error"


def test_it_reports_a_cache_that_does_not_answer(client, db):
    with mock.patch("config.views.cache.set", side_effect=ConnectionError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"


def test_it_reports_the_queue_of_the_database_backend(client, db, settings):
    settings.TASKS_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from campaigns.tasks import send_confirmation_email

    send_confirmation_email.enqueue(signature_id=1)
    body = client.get("/healthz").json()
    assert body["queue"]["backend"] == "database"
    assert body["queue"]["waiting"] == 1
    assert body["status"] == "ok"


def test_it_reports_signatures_whose_email_the_worker_has_not_queued(client, db, settings):
    """A stalled worker shows here before anyone misses their confirmation email."""
    from tests.campaigns.factories import make_campaign, make_signature

    settings.TASKS_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_signature(make_campaign(), created_at=timezone.now() - timezone.timedelta(minutes=5))
    queue = client.get("/healthz").json()["queue"]
    assert queue["signatures_awaiting_email"] == 1
    assert 299 <= queue["oldest_awaiting_email_seconds"] <= 310
