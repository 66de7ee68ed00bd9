"""Followers and the signers who asked for updates become one audience
(audience.Supporter, one per mailbox, and its Subscriptions); deliveries point at the
supporter. Reversible: backwards, the follows are made again from the subscriptions to
people, with the public ids their links carry, and each delivery points at its follow or
signature again."""

import uuid

from django.db import migrations

BATCH = 1000


def _types(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    person, _ = ContentType.objects.get_or_create(app_label="prisoners", model="person")
    campaign, _ = ContentType.objects.get_or_create(app_label="campaigns", model="campaign")
    return person.pk, campaign.pk


def to_audience(apps, schema_editor):
    """One supporter per mailbox (keyed digest) among the followers and the confirmed
    signers who asked for updates; the address as it is (the same field, the same keys:
    decrypted on read, encrypted on write); the language of its newest row; first asked
    at its oldest, confirmed at its first confirmation. One subscription per follow
    (keeping its public id, which its links carry) and per opted-in signature."""
    Follower = apps.get_model("supporters", "Follower")
    Signature = apps.get_model("campaigns", "Signature")
    Supporter = apps.get_model("audience", "Supporter")
    Subscription = apps.get_model("audience", "Subscription")
    Delivery = apps.get_model("supporters", "Delivery")
    person_type, campaign_type = _types(apps)

    followers = list(
        Follower.objects.values_list(
            "pk", "public_id", "person_id", "email", "email_digest", "language", "created_at",
            "confirmed_at", "confirmation_requested_at", "confirmation_sent_at",
        )
    )  # fmt: skip
    signers = list(
        Signature.objects.filter(confirmed_at__isnull=False, wants_updates=True)
        .exclude(email="")
        .values_list("pk", "campaign_id", "email", "email_digest", "language", "created_at",
                     "confirmed_at")  # fmt: skip
    )
    mailboxes: dict[str, dict] = {}
    rows = [(f[3], f[4], f[5], f[6], f[7]) for f in followers]
    rows += [(s[2], s[3], s[4], s[5], s[6]) for s in signers]
    for email, digest, language, created_at, confirmed_at in sorted(rows, key=lambda r: r[3]):
        mailbox = mailboxes.setdefault(
            digest, {"email": email, "created_at": created_at, "confirmed_at": None}
        )
        mailbox["language"] = language  # the newest row's
        if confirmed_at and (not mailbox["confirmed_at"] or confirmed_at < mailbox["confirmed_at"]):
            mailbox["confirmed_at"] = confirmed_at
    Supporter.objects.bulk_create(
        (Supporter(email_digest=digest, **mailbox) for digest, mailbox in mailboxes.items()),
        batch_size=BATCH,
    )
    supporter_of = dict(Supporter.objects.values_list("email_digest", "pk"))

    subscriptions = [
        Subscription(
            supporter_id=supporter_of[digest], public_id=public_id, target_type_id=person_type,
            target_id=person_id, created_at=created_at, confirmed_at=confirmed_at,
            confirmation_requested_at=requested_at, confirmation_sent_at=sent_at,
        )  # fmt: skip
        for (_pk, public_id, person_id, _email, digest, _language, created_at, confirmed_at,
             requested_at, sent_at) in followers  # fmt: skip
    ]
    subscriptions += [
        Subscription(
            supporter_id=supporter_of[digest], public_id=uuid.uuid4(),
            target_type_id=campaign_type, target_id=campaign_id, created_at=created_at,
            confirmed_at=confirmed_at,
        )  # fmt: skip
        for _pk, campaign_id, _email, digest, _language, created_at, confirmed_at in signers
    ]
    Subscription.objects.bulk_create(subscriptions, batch_size=BATCH)

    # Each delivery: the supporter of its follow or signature, and the subscription it
    # came by. A signature that no longer asks for updates (or whose data was erased) is
    # not in the audience: its records of emails go, as a follow's did when it stopped.
    by_follower = {f[0]: (supporter_of[f[4]], f[1]) for f in followers}
    subscription_of = {
        (target_type, target_id, supporter): pk
        for pk, target_type, target_id, supporter in Subscription.objects.values_list(
            "pk", "target_type_id", "target_id", "supporter_id"
        )
    }
    subscription_by_public_id = dict(Subscription.objects.values_list("public_id", "pk"))
    signature_digests = dict(
        Signature.objects.filter(pk__in=Delivery.objects.values("signature_id")).values_list(
            "pk", "email_digest"
        )
    )
    signature_campaigns = dict(
        Signature.objects.filter(pk__in=Delivery.objects.values("signature_id")).values_list(
            "pk", "campaign_id"
        )
    )
    changed, gone, seen = [], [], set()
    for delivery in Delivery.objects.order_by("pk").iterator(chunk_size=BATCH):
        if delivery.follower_id is not None:
            supporter, public_id = by_follower[delivery.follower_id]
            subscription = subscription_by_public_id[public_id]
        else:
            supporter = supporter_of.get(signature_digests.get(delivery.signature_id))
            subscription = subscription_of.get(
                (campaign_type, signature_campaigns.get(delivery.signature_id), supporter)
            )
        if supporter is None or subscription is None or (delivery.mailing_id, supporter) in seen:
            gone.append(delivery.pk)
            continue
        seen.add((delivery.mailing_id, supporter))
        delivery.supporter_id, delivery.subscription_id = supporter, subscription
        changed.append(delivery)
    Delivery.objects.bulk_update(changed, ["supporter", "subscription"], batch_size=BATCH)
    for start in range(0, len(gone), BATCH):
        Delivery.objects.filter(pk__in=gone[start : start + BATCH]).delete()


def from_audience(apps, schema_editor):
    """The follows again, from the subscriptions to people (the same public ids, so their
    links work); each delivery points at its follow or at the signature of its campaign
    subscription; then the audience is emptied (a forward migration fills it again)."""
    Follower = apps.get_model("supporters", "Follower")
    Signature = apps.get_model("campaigns", "Signature")
    Supporter = apps.get_model("audience", "Supporter")
    Subscription = apps.get_model("audience", "Subscription")
    Delivery = apps.get_model("supporters", "Delivery")
    person_type, campaign_type = _types(apps)

    follows = Subscription.objects.filter(target_type_id=person_type).select_related("supporter")
    Follower.objects.bulk_create(
        (
            Follower(
                public_id=row.public_id, person_id=row.target_id, email=row.supporter.email,
                language=row.supporter.language, created_at=row.created_at,
                confirmed_at=row.confirmed_at,
                confirmation_requested_at=row.confirmation_requested_at,
                confirmation_sent_at=row.confirmation_sent_at,
            )  # fmt: skip
            for row in follows.iterator(chunk_size=BATCH)
        ),
        batch_size=BATCH,
    )
    follower_of = dict(Follower.objects.values_list("public_id", "pk"))
    signature_of = {
        (campaign_id, digest): pk
        for pk, campaign_id, digest in Signature.objects.filter(
            email_digest__in=Supporter.objects.values("email_digest")
        ).values_list("pk", "campaign_id", "email_digest")
    }
    changed, gone = [], []
    deliveries = Delivery.objects.select_related("subscription", "supporter").order_by("pk")
    for delivery in deliveries.iterator(chunk_size=BATCH):
        subscription = delivery.subscription
        if subscription is not None and subscription.target_type_id == person_type:
            delivery.follower_id = follower_of[subscription.public_id]
        elif subscription is not None and subscription.target_type_id == campaign_type:
            key = (subscription.target_id, delivery.supporter.email_digest)
            delivery.signature_id = signature_of.get(key)
        if delivery.follower_id is None and delivery.signature_id is None:
            gone.append(delivery.pk)
            continue
        delivery.supporter_id = delivery.subscription_id = None
        changed.append(delivery)
    Delivery.objects.bulk_update(
        changed, ["follower", "signature", "supporter", "subscription"], batch_size=BATCH
    )
    for start in range(0, len(gone), BATCH):
        Delivery.objects.filter(pk__in=gone[start : start + BATCH]).delete()
    Subscription.objects.all().delete()
    Supporter.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("supporters", "0005_audience")]

    operations = [migrations.RunPython(to_audience, from_audience)]
