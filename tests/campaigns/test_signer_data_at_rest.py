"""A leaked database reveals no address: the migration that encrypts the addresses loses
no signature and leaves the counter equal to a recount, however the old rows were
spelt; one mailbox signs a campaign once, however its owner spells it; links emailed
before the migration keep working."""

import datetime

import pytest
from django.core import mail, signing
from django.db import connection
from django.utils import timezone

from campaigns import services, tokens
from campaigns.models import Signature, SignatureTally, legacy_link_digest
from core import email_addresses
from tests.factories import (
    confirm_form,
    emailed_link,
    make_campaign,
    make_signature,
    sign,
)
from tests.migrations import migrate, migrate_to_the_latest

BEFORE = [("campaigns", "0004_history")]
AFTER = [("campaigns", "0005_signer_data_at_rest_and_floods")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_every_row_and_keeps_one_signature_per_mailbox():
    old = migrate(BEFORE)
    Campaign = old.get_model("campaigns", "Campaign")
    OldSignature = old.get_model("campaigns", "Signature")
    Tally = old.get_model("campaigns", "SignatureTally")
    texts = {f"{name}_en": f"Synthetic {name}" for name in ("title", "target", "summary", "appeal")}
    campaign = Campaign.objects.create(slug="synthetic-old", status="open", **texts)
    other = Campaign.objects.create(slug="synthetic-other", status="open", **texts)
    now = timezone.now()

    def old_signature(campaign, email, *, confirmed_minutes_ago=None, created_minutes_ago=60):
        local, _at, domain = email.lower().rpartition("@")
        return OldSignature.objects.create(
            campaign=campaign,
            name="Synthetic Signer",
            email=email,
            email_normalised=f"{local.split('+')[0]}@{domain}",
            country="DE",
            created_at=now - datetime.timedelta(minutes=created_minutes_ago),
            confirmed_at=(
                now - datetime.timedelta(minutes=confirmed_minutes_ago)
                if confirmed_minutes_ago is not None
                else None
            ),
            tally_shard=0 if confirmed_minutes_ago is not None else None,
        )

    # One mailbox, three spellings that the old rule told apart (Gmail ignores dots):
    unconfirmed = old_signature(campaign, "ann.smith@gmail.com", created_minutes_ago=90)
    later = old_signature(campaign, "annsmith@gmail.com", confirmed_minutes_ago=5)
    earliest = old_signature(campaign, "A.nn.Smith+x@googlemail.com", confirmed_minutes_ago=30)
    plain = old_signature(campaign, "Bob@Example.org", confirmed_minutes_ago=10)
    elsewhere = old_signature(other, "annsmith@gmail.com", confirmed_minutes_ago=10)
    erased = old_signature(other, "x@example.org", confirmed_minutes_ago=10)
    OldSignature.objects.filter(pk=erased.pk).update(
        email="", email_normalised=f"erased-{erased.pk}", name=""
    )
    Tally.objects.create(campaign=campaign, country="DE", shard=0, confirmed=3)
    Tally.objects.create(campaign=other, country="DE", shard=0, confirmed=2)

    migrate(AFTER)
    migrate_to_the_latest()

    kept = {s.pk: s for s in Signature.objects.all()}
    assert set(kept) == {earliest.pk, plain.pk, elsewhere.pk, erased.pk}
    assert unconfirmed.pk not in kept and later.pk not in kept
    assert kept[earliest.pk].email == "A.nn.Smith+x@googlemail.com"
    assert kept[earliest.pk].email_digest == email_addresses.digest("annsmith@gmail.com")
    assert kept[plain.pk].email == "Bob@Example.org"
    assert kept[plain.pk].email_domain_digest == email_addresses.domain_digest("example.org")
    assert kept[erased.pk].email == "" and kept[erased.pk].email_digest == f"erased-{erased.pk}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM campaigns_signature")
        assert not [row for row in cursor.fetchall() if "@" in row[0]]
    # The counter equals a recount: the merged mailbox counts once.
    assert services.tallies_recount() == []
    assert SignatureTally.objects.filter(campaign_id=campaign.pk).get().confirmed == 2

    # And back: the addresses in the clear again, each row as it was.
    migrate(BEFORE)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT email, email_normalised FROM campaigns_signature WHERE id = %s", [plain.pk]
        )
        assert cursor.fetchone() == ("Bob@Example.org", "bob@example.org")
    migrate_to_the_latest()
    assert Signature.objects.get(pk=plain.pk).email == "Bob@Example.org"


@pytest.mark.django_db
def test_one_gmail_mailbox_signs_once_however_it_is_spelt(client):
    campaign = make_campaign()
    sign(client, campaign, email="anna.kowalska@gmail.com")
    sign(client, campaign, email="AnnaKowalska+appeal@googlemail.com")
    sign(client, campaign, email="a.n.n.a.kowalska@gmail.com")
    assert Signature.objects.filter(campaign=campaign).count() == 1
    # The mailbox's owner gets the confirmation, then one reminder: not three emails.
    assert [message.to for message in mail.outbox] == [["anna.kowalska@gmail.com"]] * 2


@pytest.mark.django_db
def test_a_link_emailed_before_the_encryption_still_confirms(client):
    """Links sent before the migration carry the old digest of the address: they confirm
    for as long as they live (SIGNER_LINK_DAYS), and then this path can go."""
    campaign = make_campaign()
    signature = make_signature(campaign, email="Old.Link+tag@example.org")
    token = signing.dumps(
        [str(signature.public_id), legacy_link_digest(signature.email)], salt=tokens.CONFIRM_SALT
    )
    assert len(legacy_link_digest(signature.email)) == 24
    page = client.get(f"/en/campaigns/confirm/{token}/")
    assert page.status_code == 200
    assert client.post(f"/en/campaigns/confirm/{token}/", confirm_form()).status_code == 302
    signature.refresh_from_db()
    assert signature.is_confirmed
    assert campaign.confirmed_online() == 1


@pytest.mark.django_db
def test_the_signer_downloads_the_address_in_the_clear(client):
    campaign = make_campaign()
    sign(client, campaign, email="Anna@Example.org")
    withdraw = emailed_link("withdraw")
    data = client.get(withdraw + "data.json").json()
    assert data["email"] == "Anna@Example.org"
    assert data["counted_in_public_total"] is False
