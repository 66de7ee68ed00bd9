"""The migration that seals the supporter data stored before issue 34 (campaigns 0010), on
rows made before it: names, comments and addresses sealed (nothing of them left readable
in the row), the shown name and the approved comment written for those who consented,
an owner's box that the sealed owner's key opens, the IP hashes and the blocked ones
keyed again with the office's key, supporters' addresses sealed; and backwards, the rows
as they were. All data synthetic."""

import pytest
from django.db import connection

from core import encryption, sealing
from core.encryption import Sealed
from core.network import stored_ip_hash
from tests.migrations import migrate, migrate_to_the_latest

BEFORE = [("campaigns", "0009_sealed_supporter_data")]
AFTER = [("campaigns", "0010_seal_existing_rows")]
ADDRESS = "anna.synthetic@example.org"
IP_HASH = "0123456789abcdef0123456789abcdef"


def made_before(apps) -> dict:
    """A signature and a supporter as the site stored them before: the name and the
    comment in the clear, the address a Fernet token (written as they are: `Sealed` is
    what the field writes back unchanged)."""
    Campaign = apps.get_model("campaigns", "Campaign")
    Signature = apps.get_model("campaigns", "Signature")
    BlockedAddress = apps.get_model("campaigns", "BlockedAddress")
    Supporter = apps.get_model("audience", "Supporter")
    texts = {f"{name}_en": f"Synthetic {name}" for name in ("title", "target", "summary", "appeal")}
    campaign = Campaign.objects.create(slug="synthetic-sealing", status="open", **texts)
    shown = Signature.objects.create(
        campaign=campaign,
        name=Sealed("Anna Synthetic Kowalska"),
        email=Sealed(encryption.encrypt(ADDRESS)),
        email_digest="digest-anna",
        comment=Sealed("Synthetic comment: free them all"),
        comment_status="approved",
        show_name_publicly=True,
        country="PL",
        ip_hash=IP_HASH,
    )
    private = Signature.objects.create(
        campaign=campaign,
        name=Sealed("Boris Synthetic Private"),
        email=Sealed(encryption.encrypt("boris.synthetic@example.org")),
        email_digest="digest-boris",
        comment=Sealed("Synthetic comment awaiting moderation"),
        comment_status="pending",
        country="DE",
    )
    BlockedAddress.objects.create(ip_hash=IP_HASH)
    supporter = Supporter.objects.create(
        email=Sealed(encryption.encrypt(ADDRESS)), email_digest="digest-anna"
    )
    return {"shown": shown.pk, "private": private.pk, "supporter": supporter.pk}


def raw(table: str, pk: int, columns: str) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()


def blocked() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ip_hash FROM campaigns_blockedaddress")
        return [row[0] for row in cursor.fetchall()]


SIGNATURE_COLUMNS = (
    "name, email, comment, public_name, shown_comment, owner_box, owner_key, ip_hash"
)


@pytest.mark.django_db(transaction=True)
def test_rows_stored_before_are_sealed_and_go_back():
    rows = made_before(migrate(BEFORE))

    migrate(AFTER)
    name, email, comment, public_name, shown_comment, box, key, ip_hash = raw(
        "campaigns_signature", rows["shown"], SIGNATURE_COLUMNS
    )
    for value in (name, email, comment, key):
        assert sealing.is_sealed(value)
    # Nothing readable but what they consented to show (the two shown columns).
    everything = raw("campaigns_signature", rows["shown"], "*")
    stored = " ".join(str(v) for v in everything if v not in (public_name, shown_comment))
    assert "Kowalska" not in stored and ADDRESS not in stored and "free them all" not in stored
    assert sealing.unseal(name) == "Anna Synthetic Kowalska"
    assert sealing.unseal(comment) == "Synthetic comment: free them all"
    # The consented plaintext, and only it.
    assert public_name == "Anna K."
    assert shown_comment == "Synthetic comment: free them all"
    # The owner's box opens with the key the office puts in their links.
    opened = sealing.owner_box_open(sealing.unseal(key), box)
    assert opened == {
        "name": "Anna Synthetic Kowalska",
        "email": ADDRESS,
        "comment": "Synthetic comment: free them all",
    }
    assert ip_hash == stored_ip_hash(IP_HASH)
    assert blocked() == [stored_ip_hash(IP_HASH)]
    private_name, _e, _c, private_shown, private_comment, *_rest = raw(
        "campaigns_signature", rows["private"], SIGNATURE_COLUMNS
    )
    assert sealing.is_sealed(private_name)
    assert (private_shown, private_comment) == ("", "")
    (supporter_email,) = raw("audience_supporter", rows["supporter"], "email")
    assert sealing.unseal(supporter_email) == ADDRESS

    migrate(BEFORE)
    name, email, comment, public_name, shown_comment, box, key, _ip = raw(
        "campaigns_signature", rows["shown"], SIGNATURE_COLUMNS
    )
    assert (name, comment) == ("Anna Synthetic Kowalska", "Synthetic comment: free them all")
    assert encryption.decrypt(email) == ADDRESS
    assert (public_name, shown_comment, box, key) == ("", "", "", "")
    (supporter_email,) = raw("audience_supporter", rows["supporter"], "email")
    assert encryption.decrypt(supporter_email) == ADDRESS
    migrate_to_the_latest()
