"""Staff sign-in: throttled against password guessing, optionally with a second factor."""

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = "/admin/login/"


@pytest.fixture
def staff(db) -> User:
    return User.objects.create_user(
        "editor", password="a long correct password", is_staff=True, is_superuser=True
    )


def attempt(client, password: str):
    return client.post(LOGIN, {"username": "editor", "password": password, "next": "/admin/"})


def test_it_signs_in_with_the_right_password(client, staff):
    response = attempt(client, "a long correct password")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_it_locks_out_after_five_wrong_passwords(client, staff):
    for _ in range(5):
        assert attempt(client, "wrong guess").status_code in (200, 429)
    locked = attempt(client, "a long correct password")
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.content
    assert "_auth_user_id" not in client.session


def test_a_username_is_locked_out_whatever_addresses_guess_it(client, staff):
    for number in range(5):
        client.post(
            LOGIN, {"username": "editor", "password": "wrong guess"},
            REMOTE_ADDR=f"192.0.2.{number + 1}",
        )  # fmt: skip
    other_address = client.post(
        LOGIN,
        {"username": "editor", "password": "a long correct password", "next": "/admin/"},
        REMOTE_ADDR="192.0.2.77",
    )
    assert other_address.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_out_whatever_usernames_it_tries(client, staff):
    for number in range(5):
        client.post(LOGIN, {"username": f"guess{number}", "password": "x"}, REMOTE_ADDR="192.0.2.9")
    locked = client.post(
        LOGIN,
        {"username": "editor", "password": "a long correct password", "next": "/admin/"},
        REMOTE_ADDR="192.0.2.9",
    )
    assert locked.status_code == 429


def test_one_ipv6_64_is_locked_out_as_one_address(client, staff):
    """Each guess from another address of the same /64 counts for that /64 (issue 31)."""
    for number in range(5):
        client.post(LOGIN, {"username": f"guess{number}", "password": "x"},
                    REMOTE_ADDR=f"2001:db8:3:3::{number + 1}")  # fmt: skip
    locked = client.post(
        LOGIN,
        {"username": "editor", "password": "a long correct password", "next": "/admin/"},
        REMOTE_ADDR="2001:db8:3:3:beef::1",
    )
    assert locked.status_code == 429


def test_it_never_stores_or_logs_the_raw_address(client, staff, caplog):
    for _ in range(6):
        client.post(LOGIN, {"username": "editor", "password": "x"}, REMOTE_ADDR="203.0.113.9")
    assert "203.0.113.9" not in caplog.text


def test_with_two_factor_required_a_password_alone_is_not_enough(staff):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    request = RequestFactory().get("/admin/")
    request.user = staff
    staff.is_verified = lambda: False  # signed in with a password, no one-time code
    assert not OTPAdminSite().has_permission(request)
    staff.is_verified = lambda: True
    assert OTPAdminSite().has_permission(request)
