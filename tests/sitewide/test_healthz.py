"""/healthz says ok or not ok to anyone; the figures behind it only to monitoring (a
token) and superusers, because a figure that moves when someone signs is an oracle."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError
from django.utils import timezone

from tests.factories import make_campaign, make_signature, sign

TOKEN = "monitoring-token-for-tests"
DETAILS = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.fixture
def monitoring_token(settings) -> None:
    """Monitoring reads the details with this token (DETAILS)."""
    settings.HEALTHZ_TOKEN = TOKEN


def test_it_says_ok_when_the_database_and_cache_answer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("broken", "error"),
    [
        ("core.health.connection.cursor", OperationalError("connection refused")),
        ("core.health.cache.set", ConnectionError("refused")),
    ],
    ids=["database", "cache"],
)
def test_it_says_not_ok_when_the_database_or_the_cache_does_not_answer(client, db, broken, error):
    with mock.patch(broken, side_effect=error):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error"}


def test_the_public_answer_does_not_tell_who_has_signed(
    client, db, database_queue, monitoring_token
):
    """The attack: sign with someone's address, read /healthz. Before, one more
    signature waiting for its email meant the address had not signed yet."""
    campaign = make_campaign()
    make_signature(campaign, email="victim@example.org")
    before = client.get("/healthz").content
    sign(client, campaign, email="victim@example.org")
    assert client.get("/healthz").content == before
    sign(client, campaign, email="new@example.org")
    assert client.get("/healthz").content == before


def test_the_details_need_the_token_or_a_superuser(client, db, monitoring_token):
    assert client.get("/healthz/details").status_code == 403
    assert client.get("/healthz/details", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/healthz/details", HTTP_AUTHORIZATION=TOKEN).status_code == 403
    editor = User.objects.create_user("editor", password="x" * 16, is_staff=True)
    client.force_login(editor)
    assert client.get("/healthz/details").status_code == 403
    client.force_login(User.objects.create_superuser("root", password="x" * 16))
    assert client.get("/healthz/details").status_code == 200


def test_without_a_token_setting_no_token_opens_the_details(client, db, settings):
    settings.HEALTHZ_TOKEN = ""
    assert client.get("/healthz/details", HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_the_details_report_the_database_and_cache(client, db, monitoring_token):
    body = client.get("/healthz/details", **DETAILS).json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["cache"] == "ok"


def test_the_details_report_a_database_that_does_not_answer(client, db, monitoring_token):
    with mock.patch(
        "core.health.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz/details", **DETAILS)
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_the_details_report_the_queue_of_the_database_backend(
    client, db, database_queue, monitoring_token
):
    from campaigns.tasks import send_reminder_email

    send_reminder_email.enqueue(signature_id=1)
    body = client.get("/healthz/details", **DETAILS).json()
    assert body["queue"]["backend"] == "database"
    assert body["queue"]["waiting"] == 1
    assert body["status"] == "ok"


def test_the_details_report_signatures_whose_email_is_not_sent(
    client, db, database_queue, monitoring_token
):
    """A stalled worker shows here before anyone misses their confirmation email."""
    make_signature(make_campaign(), created_at=timezone.now() - datetime.timedelta(minutes=5))
    queue = client.get("/healthz/details", **DETAILS).json()["queue"]
    assert queue["signatures_awaiting_email"] == 1
    assert 299 <= queue["oldest_awaiting_email_seconds"] <= 310
