"""Signers' addresses are stored encrypted with SIGNER_DATA_KEYS, and a rotation to a new
key leaves every address readable (core/encryption.py, manage.py rotate_signer_keys);
production refuses to start without the keys."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from campaigns.models import Signature
from core import checks, encryption
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


@pytest.mark.django_db
def test_after_a_rotation_every_address_is_read_with_the_new_key_alone(settings):
    old_key = settings.SIGNER_DATA_KEYS[0]
    signatures = [make_signature(make_campaign(), email=f"r{n}@example.org") for n in range(3)]
    new_key = Fernet.generate_key().decode()

    settings.SIGNER_DATA_KEYS = [new_key, old_key]
    assert [Signature.objects.get(pk=s.pk).email for s in signatures] == [
        "r0@example.org", "r1@example.org", "r2@example.org",
    ]  # fmt: skip
    call_command("rotate_signer_keys", verbosity=0)

    settings.SIGNER_DATA_KEYS = [new_key]
    assert [Signature.objects.get(pk=s.pk).email for s in signatures] == [
        "r0@example.org", "r1@example.org", "r2@example.org",
    ]  # fmt: skip
    settings.SIGNER_DATA_KEYS = [old_key]
    with pytest.raises(encryption.KeyMissing):
        Signature.objects.get(pk=signatures[0].pk)


def test_production_does_not_start_without_the_keys(settings):
    settings.SIGNER_DATA_KEYS = []
    settings.SIGNER_DIGEST_KEY = ""
    ids = {error.id for error in checks.signer_keys_check(None)}
    assert ids == {"core.E004", "core.E006"}


def test_a_key_that_is_not_a_fernet_key_is_named(settings):
    settings.SIGNER_DATA_KEYS = [Fernet.generate_key().decode(), "my password"]
    (error,) = checks.signer_keys_check(None)
    assert error.id == "core.E005"
    assert "Key 2 of SIGNER_DATA_KEYS" in error.msg


def test_a_development_checkout_needs_no_key():
    """`make run` (DEBUG) derives the keys from SECRET_KEY, the same on every start."""
    import subprocess
    import sys

    from tests.production.processes import ROOT

    environment = {"PATH": "/usr/bin:/bin", "DEBUG": "True", "ENV_FILE": "", "SECRET_KEY": "x"}
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from core import checks; print(len(s.SIGNER_DATA_KEYS), checks.signer_keys_check(None))"
    )
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True,
        text=True, check=True,
    ).stdout  # fmt: skip
    assert output.split() == ["1", "[]"]
