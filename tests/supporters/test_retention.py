"""Withdrawal, erasure and the retention rules cover followers and the records of sent
emails as they cover signatures."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from audience.models import Subscription, Supporter
from campaigns import services as campaign_services
from campaigns.models import Campaign, CampaignStatus
from supporters import services
from supporters.models import (
    Delivery,
    DeliveryStatus,
    Mailing,
    SuppressedAddress,
)
from tests.factories import days_ago, make_confirmed, make_follower, make_person, make_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_update(campaign, smtp_server, django_capture_on_commit_callbacks):
    make_confirmed(campaign, email="anna@example.org", wants_updates=True)
    make_confirmed(campaign, email="ivan@example.org", wants_updates=True)
    with django_capture_on_commit_callbacks(execute=True):
        return services.campaign_update_send(update=make_update(campaign))


def test_unconfirmed_follows_are_deleted_once_their_link_expired(db):
    person = make_person()
    stale = make_follower(person, confirmed=False)
    Subscription.objects.filter(pk=stale.pk).update(
        created_at=days_ago(8), confirmation_requested_at=days_ago(8)
    )
    fresh = make_follower(person, confirmed=False)
    kept = make_follower(person)
    Subscription.objects.filter(pk=kept.pk).update(created_at=days_ago(400))
    assert services.followers_purge_unconfirmed() == 1
    assert set(Subscription.objects.values_list("pk", flat=True)) == {fresh.pk, kept.pk}
    # The stale follow's address went with it: it followed nothing else.
    assert set(Supporter.objects.values_list("pk", flat=True)) == {
        fresh.supporter_id,
        kept.supporter_id,
    }


def test_records_of_sent_emails_go_after_their_time_but_the_totals_stay(sent_update):
    assert Delivery.objects.count() == 2
    assert services.deliveries_purge() == 0
    later = timezone.now() + datetime.timedelta(days=31)
    assert services.deliveries_purge(now=later) == 2
    mailing = Mailing.objects.get()
    assert (mailing.recipients, mailing.sent_count) == (2, 2)
    assert mailing.progress().sent == 2


def test_a_signers_data_download_lists_the_emails_sent_to_them(sent_update, campaign):
    supporter = sent_update.deliveries.first().supporter
    signature = campaign.signatures.get(email_digest=supporter.email_digest)
    data = signature.as_personal_data()
    (sent,) = data["updates_by_email"]["deliveries"]
    assert sent["mailing"] == "The appeal was handed over — Free Maria Kalesnikava"
    assert sent["status"] == DeliveryStatus.SENT


def test_erasing_a_closed_campaigns_signers_leaves_their_records_nothing_personal(
    campaign, sent_update
):
    Campaign.objects.filter(pk=campaign.pk).update(
        status=CampaignStatus.CLOSED, closed_at=days_ago(100)
    )
    assert Delivery.objects.exists()
    campaign_services.signatures_anonymise_closed(older_than=days_ago(90))
    # The deliveries hold no address themselves; their recipients (supporters who
    # followed this campaign only) are erased, and their records of emails with them.
    assert not Supporter.objects.exists()
    assert not Delivery.objects.exists()
    assert set(campaign.signatures.values_list("email", flat=True)) == {""}


def test_refused_addresses_are_forgotten_after_a_year(db):
    SuppressedAddress.objects.create(email_digest="a" * 24, reason="550",
                                     created_at=days_ago(366))  # fmt: skip
    SuppressedAddress.objects.create(email_digest="b" * 24, reason="550")
    assert services.suppressions_purge() == 1


def test_the_daily_command_runs_every_rule(db, capsys):
    call_command("purge_supporters")
    assert "unconfirmed follows" in capsys.readouterr().out


def test_a_mailing_with_no_recipient_is_refused_and_leaves_nothing_behind(campaign, smtp_server):
    with pytest.raises(services.MailingRefused):
        services.campaign_update_send(update=make_update(campaign))
    assert not Mailing.objects.exists()
