"""The service functions that write signatures, and the daily purge command."""

import io
import uuid

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from campaigns import services
from campaigns.models import (
    CampaignStatus,
    CommentStatus,
    SignAttempts,
    Signature,
    SignatureTally,
    normalise_email,
)
from campaigns.services import ConfirmOutcome, SignOutcome
from core.network import stored_ip_hash
from tests.factories import days_ago, make_campaign, make_confirmed, make_signature


def create(campaign, **fields):
    defaults = {
        "name": "Anna Kowalska",
        "email": "anna@example.org",
        "country": "PL",
        "language": "be",
        "ip_hash": "0" * 32,
    }
    return services.signature_create(campaign=campaign, **(defaults | fields))


def test_create_stores_an_unconfirmed_signature_and_sends_the_email(campaign):
    assert create(campaign, comment="Free them all", wants_updates=True) == SignOutcome.CREATED
    signature = Signature.objects.get()
    assert signature.confirmed_at is None
    assert signature.comment_status == CommentStatus.PENDING
    assert signature.language == "be"
    assert signature.ip_hash == stored_ip_hash("0" * 32)
    assert signature.wants_updates is True
    assert signature.show_name_publicly is False
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]


def test_create_without_a_comment_has_nothing_to_moderate(campaign):
    create(campaign)
    assert Signature.objects.get().comment_status == CommentStatus.NONE


def test_create_again_with_the_same_mailbox_reminds_instead(campaign):
    """The public role cannot tell one mailbox from another (the digest key is the
    office's): it stores every attempt, and the office's intake folds a second one into
    the first, whose owner is reminded, at most once per interval."""
    create(campaign, email="anna@example.org")
    assert create(campaign, email="ANNA+again@example.org") == SignOutcome.CREATED
    assert Signature.objects.count() == 1
    assert Signature.objects.get().reminded_at is not None
    assert [message.to for message in mail.outbox] == [["anna@example.org"]] * 2
    assert create(campaign, email="anna@example.org") == SignOutcome.CREATED
    assert Signature.objects.count() == 1
    assert len(mail.outbox) == 2
    assert SignAttempts.objects.get().repeated == 2


def test_create_takes_one_mailbox_once_per_campaign(campaign):
    create(campaign)
    assert create(make_campaign()) == SignOutcome.CREATED
    assert Signature.objects.count() == 2


def test_confirm_counts_once(campaign):
    signature = make_signature(campaign, country="LT")
    first = services.signature_confirm(public_id=signature.public_id)
    assert first.outcome == ConfirmOutcome.CONFIRMED
    assert first.campaign_slug == campaign.slug
    second = services.signature_confirm(public_id=signature.public_id)
    assert second.outcome == ConfirmOutcome.ALREADY_CONFIRMED
    assert campaign.confirmed_online() == 1
    signature.refresh_from_db()
    assert signature.confirmed_at is not None
    tally = SignatureTally.objects.get()
    assert (tally.country, tally.shard, tally.confirmed) == ("LT", signature.tally_shard, 1)


def test_confirm_of_a_missing_signature_finds_nothing(db):
    assert services.signature_confirm(public_id=uuid.uuid4()).outcome == ConfirmOutcome.NOT_FOUND


def test_confirmations_spread_over_shards_and_sum_exactly(campaign):
    for _ in range(40):
        make_confirmed(campaign, country="DE")
    assert campaign.confirmed_online() == 40
    assert SignatureTally.objects.filter(campaign=campaign).count() > 1


def test_withdraw_erases_and_uncounts(campaign, django_capture_on_commit_callbacks):
    keep = make_confirmed(campaign)
    signature = make_confirmed(campaign)
    campaign.stats()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.signature_withdraw(signature_id=signature.pk) == campaign
    assert list(Signature.objects.all()) == [keep]
    assert campaign.confirmed_online() == 1
    assert cache.get(f"campaign-stats:{campaign.pk}") is None


def test_withdraw_of_an_unconfirmed_signature_leaves_the_count(campaign):
    make_confirmed(campaign)
    signature = make_signature(campaign)
    services.signature_withdraw(signature_id=signature.pk)
    assert campaign.confirmed_online() == 1
    assert Signature.objects.count() == 1


def test_withdraw_of_a_missing_signature_returns_none(db):
    assert services.signature_withdraw(signature_id=999_999) is None


def test_purge_deletes_only_expired_unconfirmed_signatures(campaign):
    with time_machine.travel(timezone.now(), tick=False):
        expired = make_signature(campaign, created_at=days_ago(7.01))
        recent = make_signature(campaign, created_at=days_ago(6.99))
        old_confirmed = make_confirmed(campaign, created_at=days_ago(30))
        assert services.signatures_purge_unconfirmed() == 1
    remaining = set(Signature.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, old_confirmed.pk}
    assert expired.pk not in remaining
    assert campaign.confirmed_online() == 1


@pytest.fixture
def long_closed(db):
    return make_campaign(status=CampaignStatus.CLOSED, closed_at=days_ago(100))


def test_anonymise_erases_personal_data_of_long_closed_campaigns(long_closed):
    signature = make_confirmed(
        long_closed,
        name="Anna Kowalska",
        email="anna@example.org",
        country="PL",
        comment="Free them",
        comment_status=CommentStatus.APPROVED,
        show_name_publicly=True,
        wants_updates=True,
        ip_hash="f" * 32,
    )
    make_confirmed(long_closed, country="PL")
    unconfirmed = make_signature(long_closed)
    before = long_closed.stats().total
    confirmed_at = signature.confirmed_at

    assert services.signatures_anonymise_closed(older_than=days_ago(90)) == 2

    signature.refresh_from_db()
    assert signature.name == ""
    assert signature.email == ""
    assert signature.email_digest == f"erased-{signature.pk}"
    assert signature.email_domain_digest == ""
    assert signature.comment == ""
    assert signature.comment_status == CommentStatus.NONE
    assert signature.show_name_publicly is False
    assert signature.wants_updates is False
    assert signature.ip_hash == ""
    assert signature.country.code == "PL"
    assert signature.confirmed_at == confirmed_at
    assert not Signature.objects.filter(pk=unconfirmed.pk).exists()
    cache.clear()
    assert long_closed.stats().total == before == 2
    assert long_closed.confirmed_online() == 2
    assert services.signatures_anonymise_closed(older_than=days_ago(90)) == 0


def test_anonymise_leaves_open_and_recently_closed_campaigns_alone(long_closed):
    open_campaign = make_campaign()
    recently_closed = make_campaign(status=CampaignStatus.WON, closed_at=days_ago(10))
    kept = [
        make_confirmed(open_campaign, name="Open Signer"),
        make_signature(open_campaign, name="Open Unconfirmed"),
        make_confirmed(recently_closed, name="Recent Signer"),
        make_signature(recently_closed, name="Recent Unconfirmed"),
    ]
    services.signatures_anonymise_closed(older_than=days_ago(90))
    for signature in kept:
        stored = Signature.objects.get(pk=signature.pk)
        assert stored.name == signature.name
        assert stored.email == signature.email


def test_anonymise_erases_campaigns_that_closed_at_their_deadline(db):
    campaign = make_campaign(opens_at=days_ago(200), closes_at=days_ago(100))
    signature = make_confirmed(campaign, name="Anna Kowalska", email="anna@example.org")
    assert not campaign.is_accepting_signatures
    services.signatures_anonymise_closed(older_than=days_ago(90))
    signature.refresh_from_db()
    assert signature.email == ""


@pytest.mark.parametrize(
    ("email", "normalised"),
    [
        ("anna@example.org", "anna@example.org"),
        ("Anna@Example.ORG", "anna@example.org"),
        ("  anna@example.org ", "anna@example.org"),
        ("anna+campaign@example.org", "anna@example.org"),
        ("Anna+A+B@example.org", "anna@example.org"),
        ("anna.kowalska@example.org", "anna.kowalska@example.org"),
        # Gmail ignores dots, and googlemail.com is gmail.com (as the UK e-petitions site)
        ("Anna.Kowalska@gmail.com", "annakowalska@gmail.com"),
        ("a.n.n.a+petition@googlemail.com", "anna@gmail.com"),
        ("anna@gmail.com.", "anna@gmail.com"),
        ("anna.k@example.gmail.com", "anna.k@example.gmail.com"),
    ],
)
def test_an_address_is_normalised_to_its_mailbox(email, normalised):
    assert normalise_email(email) == normalised


def test_the_purge_command_reports_what_it_did(db, settings):
    settings.SIGNATURE_RETENTION_DAYS_AFTER_CLOSE = 90
    make_signature(make_campaign(), created_at=days_ago(8))
    closed = make_campaign(status=CampaignStatus.CLOSED, closed_at=days_ago(91))
    make_confirmed(closed)
    make_confirmed(make_campaign(status=CampaignStatus.CLOSED, closed_at=days_ago(89)))

    out = io.StringIO()
    call_command("purge_signatures", stdout=out)
    assert out.getvalue().strip() == (
        "Deleted 1 unconfirmed signatures; erased the personal data of 1 signatures on "
        "closed campaigns."
    )
    again = io.StringIO()
    call_command("purge_signatures", stdout=again)
    assert again.getvalue().startswith("Deleted 0 unconfirmed signatures;")
    assert "of 0 signatures" in again.getvalue()
