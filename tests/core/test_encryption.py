"""Signers' addresses are stored sealed to SUPPORTER_PUBLIC_KEY (core/encryption.py,
core/sealing.py); production refuses to start without the keys. Rotation:
tests/core/test_sealing.py; each role's keys: tests/config/test_site_roles.py."""

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from campaigns.models import Signature
from core import checks
from tests.factories import make_campaign, make_signature


def stored_email(signature: Signature) -> str:
    """The email column as a copy of the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM campaigns_signature WHERE id = %s", [signature.pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_database_holds_no_address_only_its_ciphertext():
    signature = make_signature(make_campaign(), email="anna.kowalska@example.org")
    raw = stored_email(signature)
    assert "anna" not in raw.lower()
    assert "@" not in raw
    assert Signature.objects.get(pk=signature.pk).email == "anna.kowalska@example.org"


@pytest.mark.django_db
def test_two_encryptions_of_one_address_differ_so_a_dump_shows_no_repeats():
    campaign = make_campaign()
    first = make_signature(campaign, email="same@example.org")
    second = make_signature(make_campaign(), email="same@example.org")
    assert stored_email(first) != stored_email(second)
    assert first.email_digest == second.email_digest


@pytest.mark.django_db
def test_an_encrypted_column_cannot_be_searched_by_its_value():
    with pytest.raises(FieldError):
        list(Signature.objects.filter(email__icontains="anna"))
    with pytest.raises(FieldError):
        list(Signature.objects.filter(email="anna@example.org"))
    assert not Signature.objects.filter(email="").exists()


def test_production_does_not_start_without_the_keys(settings):
    settings.SUPPORTER_PUBLIC_KEY = ""
    settings.SUPPORTER_PRIVATE_KEYS = []
    settings.SIGNER_DIGEST_KEY = ""
    ids = {error.id for error in checks.signer_keys_check(None)}
    assert ids == {"core.E004", "core.E005", "core.E006"}


def test_a_key_that_is_not_a_key_is_named(settings):
    settings.SUPPORTER_PRIVATE_KEYS = [settings.SUPPORTER_PRIVATE_KEYS[0], "my password"]
    (error,) = checks.signer_keys_check(None)
    assert error.id == "core.E004"
    assert "Key 2 of SUPPORTER_PRIVATE_KEYS is not a key" in error.msg


def test_a_development_checkout_needs_no_key():
    """`make run` (DEBUG) derives the keys from SECRET_KEY, the same on every start: a
    pair that matches, and the digest key."""
    import subprocess
    import sys

    from tests.production.processes import ROOT

    environment = {"PATH": "/usr/bin:/bin", "DEBUG": "True", "ENV_FILE": "", "SECRET_KEY": "x"}
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from core import checks; print(s.SITE_ROLE, len(s.SUPPORTER_PRIVATE_KEYS),"
        " bool(s.SUPPORTER_PUBLIC_KEY), bool(s.SIGNER_DIGEST_KEY), checks.signer_keys_check(None))"
    )
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True,
        text=True, check=True,
    ).stdout  # fmt: skip
    assert output.split() == ["both", "1", "True", "True", "[]"]
