"""The migration to one audience (supporters 0005-0007), on rows made before it: followers
and the confirmed signers who asked for updates become one supporter per mailbox with a
subscription per follow and per signature, nothing lost or doubled, the deliveries
pointing at the supporter; a follow's old links still work; and backwards, the follows
come back as they were. All data synthetic."""

import datetime

import pytest
from django.utils import timezone

from audience.models import Subscription, Supporter
from core import email_addresses
from supporters import tokens
from tests.migrations import migrate, migrate_to_the_latest

BEFORE = [("supporters", "0004_mailing_news_only")]
AFTER = [("supporters", "0007_audience_done")]


def made_before(apps) -> dict:
    """Synthetic rows as the site held them before the audience."""
    Campaign = apps.get_model("campaigns", "Campaign")
    Signature = apps.get_model("campaigns", "Signature")
    Person = apps.get_model("prisoners", "Person")
    Follower = apps.get_model("supporters", "Follower")
    Mailing = apps.get_model("supporters", "Mailing")
    Delivery = apps.get_model("supporters", "Delivery")
    now = timezone.now()
    texts = {f"{name}_en": f"Synthetic {name}" for name in ("title", "target", "summary", "appeal")}
    first = Campaign.objects.create(slug="synthetic-first", status="open", **texts)
    second = Campaign.objects.create(slug="synthetic-second", status="open", **texts)
    followed = Person.objects.create(slug="synthetic-followed", name_en="Synthetic Followed")
    other = Person.objects.create(slug="synthetic-other", name_en="Synthetic Other")

    def signature(campaign, email, *, minutes_ago, confirmed=True, wants_updates=True, **extra):
        return Signature.objects.create(
            campaign=campaign, name="Synthetic Signer", email=email, country="DE",
            email_digest=email_addresses.digest(email),  # as the office's intake writes it
            wants_updates=wants_updates, created_at=now - datetime.timedelta(minutes=minutes_ago),
            confirmed_at=now - datetime.timedelta(minutes=minutes_ago - 1) if confirmed else None,
            **extra,
        )  # fmt: skip

    # One mailbox, three ways in, spelt two ways: one supporter.
    anna_first = signature(first, "anna@example.org", minutes_ago=300, language="en")
    signature(second, "Anna+news@Example.org", minutes_ago=200, language="be")
    anna_follows = Follower.objects.create(
        person=followed, email="anna@example.org", language="ru",
        created_at=now - datetime.timedelta(minutes=100),
        confirmed_at=now - datetime.timedelta(minutes=99),
    )  # fmt: skip
    # Signed without updates, then asked to follow and never confirmed.
    ivan_first = signature(first, "ivan@example.org", minutes_ago=250, wants_updates=False)
    ivan_follows = Follower.objects.create(
        person=other, email="ivan@example.org", language="en",
        confirmation_requested_at=now,
    )  # fmt: skip
    # Asked for updates but never confirmed; and an erased signature: not an audience.
    signature(second, "olga@example.org", minutes_ago=20, confirmed=False)
    erased = signature(second, "gone@example.org", minutes_ago=400)
    Signature.objects.filter(pk=erased.pk).update(email="", email_digest="erased-x")

    News = apps.get_model("news", "News")
    ContentType = apps.get_model("contenttypes", "ContentType")
    campaign_type = ContentType.objects.get_or_create(app_label="campaigns", model="campaign")[0]
    person_type = ContentType.objects.get_or_create(app_label="prisoners", model="person")[0]
    news_of_update = News.objects.create(
        kind="update", topic="synthetic:1", subject_type=campaign_type, subject_id=first.pk
    )
    news_of_change = News.objects.create(
        kind="status_change", topic="synthetic:2", subject_type=person_type, subject_id=followed.pk
    )
    update = Mailing.objects.create(news=news_of_update, subject="Synthetic update", recipients=2)
    change = Mailing.objects.create(news=news_of_change, subject="Synthetic change", recipients=1)
    Delivery.objects.create(mailing=update, signature=anna_first, status="sent", sent_at=now)
    # Sent to Ivan before he stopped the updates: he is not in the audience.
    Delivery.objects.create(mailing=update, signature=ivan_first, status="sent", sent_at=now)
    Delivery.objects.create(mailing=change, follower=anna_follows, status="pending")
    return {
        "first": first.pk, "second": second.pk, "followed": followed.pk, "other": other.pk,
        "anna_follows": anna_follows.public_id, "ivan_follows": ivan_follows.public_id,
        "update": update.pk, "change": change.pk, "anna_first": anna_first.pk,
    }  # fmt: skip


def targets(supporter) -> set[tuple[str, int, bool]]:
    return {
        (row.target_type.model, row.target_id, row.is_confirmed)
        for row in supporter.subscriptions.select_related("target_type")
    }


@pytest.mark.django_db(transaction=True)
def test_followers_and_opted_in_signers_become_one_audience_and_come_back():
    rows = made_before(migrate(BEFORE))

    migrate(AFTER)
    migrate_to_the_latest()

    assert Supporter.objects.count() == 2
    anna = Supporter.objects.for_address("anna@example.org").get()
    assert anna.email == "anna@example.org"
    assert anna.email_digest == email_addresses.digest("anna@example.org")
    assert anna.language == "ru"  # the newest way in
    assert anna.is_confirmed
    assert targets(anna) == {
        ("campaign", rows["first"], True),
        ("campaign", rows["second"], True),
        ("person", rows["followed"], True),
    }
    ivan = Supporter.objects.for_address("ivan@example.org").get()
    assert not ivan.is_confirmed
    assert targets(ivan) == {("person", rows["other"], False)}
    follow = Subscription.objects.get(public_id=rows["anna_follows"])
    assert follow.supporter == anna

    from supporters.models import Delivery

    deliveries = {(d.mailing_id, d.supporter_id, d.subscription_id, d.status)
                  for d in Delivery.objects.all()}  # fmt: skip
    to_first = anna.subscriptions.get(target_id=rows["first"], target_type__model="campaign")
    assert deliveries == {
        (rows["update"], anna.pk, to_first.pk, "sent"),
        (rows["change"], anna.pk, follow.pk, "pending"),
    }
    # A follow's link emailed before the migration still names it.
    old_link = tokens.unsubscribe_token(tokens.FOLLOWER, rows["anna_follows"], "anna@example.org")
    assert tokens.subscription_named(tokens.read_unsubscribe(old_link)) == follow

    old = migrate(BEFORE)
    Follower = old.get_model("supporters", "Follower")
    OldDelivery = old.get_model("supporters", "Delivery")
    follows = {(f.public_id, f.person_id, f.email, f.language, f.confirmed_at is not None)
               for f in Follower.objects.all()}  # fmt: skip
    assert follows == {
        (rows["anna_follows"], rows["followed"], "anna@example.org", "ru", True),
        (rows["ivan_follows"], rows["other"], "ivan@example.org", "en", False),
    }
    anna_follows = Follower.objects.get(public_id=rows["anna_follows"])
    assert {(d.mailing_id, d.signature_id, d.follower_id) for d in OldDelivery.objects.all()} == {
        (rows["update"], rows["anna_first"], None),
        (rows["change"], None, anna_follows.pk),
    }
    assert not Supporter.objects.exists()  # the audience is emptied with it

    # And forwards again: the same audience, not a second one.
    migrate(AFTER)
    migrate_to_the_latest()
    assert Supporter.objects.count() == 2
    assert Subscription.objects.count() == 4
