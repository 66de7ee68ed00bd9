"""`manage.py supporter_keys`: a new key pair, and a rotation that leaves every sealed
value readable with the new private key alone (core/sealing.py)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from campaigns.models import Signature
from core import sealing
from tests.factories import make_campaign, make_signature


def stored_email(signature: Signature) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM campaigns_signature WHERE id = %s", [signature.pk])
        return cursor.fetchone()[0]


def run(*args: str) -> str:
    output = io.StringIO()
    call_command("supporter_keys", *args, stdout=output)
    return output.getvalue()


def test_a_new_pair_is_printed_as_the_environment_it_goes_in(settings):
    lines = run("--new").splitlines()
    values = dict(line.split("=", 1) for line in lines if not line.startswith("#"))
    assert set(values) == {"SUPPORTER_PUBLIC_KEY", "SUPPORTER_PRIVATE_KEYS"}
    settings.SUPPORTER_PUBLIC_KEY = values["SUPPORTER_PUBLIC_KEY"]
    settings.SUPPORTER_PRIVATE_KEYS = [values["SUPPORTER_PRIVATE_KEYS"]]
    assert sealing.check_keys() == []
    assert sealing.unseal(sealing.seal("anna@example.org")) == "anna@example.org"
    assert any("password manager" in line for line in lines)


def test_two_new_pairs_differ():
    assert run("--new") != run("--new")


@pytest.mark.django_db
def test_after_a_rotation_every_value_opens_with_the_new_key_alone(settings):
    old_public, old_private = sealing.key_pair()
    new_public, new_private = sealing.key_pair()
    settings.SUPPORTER_PUBLIC_KEY, settings.SUPPORTER_PRIVATE_KEYS = old_public, [old_private]
    signatures = [make_signature(make_campaign(), email=f"r{n}@example.org") for n in range(3)]
    before = [stored_email(s) for s in signatures]

    settings.SUPPORTER_PUBLIC_KEY = new_public
    settings.SUPPORTER_PRIVATE_KEYS = [new_private, old_private]
    fresh = make_signature(make_campaign(), email="fresh@example.org")  # already the new key
    # Each signature's name, address and owner's key (its comment is empty).
    assert run("--rotate").strip() == "9 values re-sealed to the newest key."
    assert all(stored_email(s) != old for s, old in zip(signatures, before, strict=True))

    settings.SUPPORTER_PRIVATE_KEYS = [new_private]
    emails = [Signature.objects.get(pk=s.pk).email for s in [*signatures, fresh]]
    assert emails == ["r0@example.org", "r1@example.org", "r2@example.org", "fresh@example.org"]
    assert run("--rotate").strip() == "0 values re-sealed to the newest key."

    settings.SUPPORTER_PRIVATE_KEYS = [old_private]
    with pytest.raises(sealing.CannotOpen):
        Signature.objects.get(pk=signatures[0].pk)


@pytest.mark.django_db
def test_the_public_role_cannot_rotate(settings):
    settings.SITE_ROLE = "public"
    settings.SUPPORTER_PRIVATE_KEYS = []
    settings.SIGNER_DIGEST_KEY = ""
    settings.SUPPORTER_LINK_KEY = "l" * 40
    settings.TASKS_BACKEND = "database"
    with pytest.raises(CommandError, match="Only the office can re-seal"):
        run("--rotate")
