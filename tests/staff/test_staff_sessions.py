"""A staff session left idle ends: an open laptop does not stay signed in to signers'
data. Working keeps it alive."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import override_settings
from django.utils import timezone

INDEX = "/admin/"


@pytest.fixture
def editor_client(client, db):
    editor = User.objects.create_user("editor", is_staff=True, is_superuser=True)
    client.force_login(editor)
    return client


def signed_in(client) -> bool:
    return client.get(INDEX).status_code == 200


@override_settings(SESSION_COOKIE_AGE=30 * 60)
def test_a_session_idle_longer_than_the_limit_is_signed_out(editor_client):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert signed_in(editor_client)
        clock.move_to(start + datetime.timedelta(minutes=31))
        response = editor_client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@override_settings(SESSION_COOKIE_AGE=30 * 60)
def test_each_request_starts_the_idle_time_again(editor_client):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for minutes in (20, 40, 60, 80):
            clock.move_to(start + datetime.timedelta(minutes=minutes))
            assert signed_in(editor_client), f"signed out after {minutes} minutes of work"


def test_visitors_get_no_session_cookie(client, db):
    """Saving the session on every request must not give a visitor one."""
    response = client.get("/en/")
    assert "sessionid" not in response.cookies
