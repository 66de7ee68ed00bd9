"""Writes to the audience: subscribing, confirming, unsubscribing and erasing. Each runs
in one transaction; callers (campaigns' signatures, supporters' follows) decide when."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from audience.models import Subscription, Supporter
from core.email_addresses import digest


@transaction.atomic
def subscribe(
    *,
    email: str,
    language: str,
    target: models.Model,
    confirmed: bool = False,
    email_digest: str | None = None,
) -> tuple[Subscription, bool]:
    """The address's subscription to `target`, made if it is new (returns it and whether
    it was created). The supporter is one per mailbox: a second way in finds the first;
    its language becomes the one asked in last. `confirmed`: the owner has just proved the
    mailbox theirs (a confirmed signature), so both are confirmed now."""
    now = timezone.now()
    supporter, created = Supporter.objects.get_or_create(
        email_digest=email_digest or digest(email),
        defaults={"email": email, "language": language},
    )
    if not created and supporter.language != language:
        Supporter.objects.filter(pk=supporter.pk).update(language=language)
        supporter.language = language
    subscription, created = Subscription.objects.get_or_create(
        supporter=supporter,
        target_type_id=_type_id(target),
        target_id=target.pk,
        defaults={"confirmed_at": now if confirmed else None},
    )
    if confirmed and not created and subscription.confirmed_at is None:
        confirm(subscription=subscription)
    elif confirmed and supporter.confirmed_at is None:
        Supporter.objects.filter(pk=supporter.pk, confirmed_at__isnull=True).update(
            confirmed_at=now
        )
    return subscription, created


def _type_id(target: models.Model) -> int:
    return ContentType.objects.get_for_model(target).pk


@transaction.atomic
def confirm(*, subscription: Subscription) -> bool:
    """Confirm a subscription (and its supporter, the mailbox now proved): one
    conditional UPDATE each, so that two clicks confirm once. Returns whether this one
    did."""
    now = timezone.now()
    confirmed = Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=now
    )
    Supporter.objects.filter(pk=subscription.supporter_id, confirmed_at__isnull=True).update(
        confirmed_at=now
    )
    if confirmed:
        subscription.confirmed_at = now
    return bool(confirmed)


@transaction.atomic
def unsubscribe(*, subscription: Subscription) -> bool:
    """Stop one subscription; a supporter left with none is forgotten (their address and
    everything held about them). Harmless to repeat. Returns whether the supporter was
    forgotten."""
    Subscription.objects.filter(pk=subscription.pk).delete()
    return _forget_if_unsubscribed([subscription.supporter_id]) > 0


@transaction.atomic
def unsubscribe_address(*, email_digest: str, target: models.Model) -> bool:
    """Stop the subscription of the mailbox with this keyed digest to `target`, if it
    has one (a signature withdrawn, or its updates stopped). Returns whether its
    supporter, left following nothing, was forgotten."""
    subscription = (
        Subscription.objects.to(target).filter(supporter__email_digest=email_digest).first()
    )
    if subscription is None:
        return False
    return unsubscribe(subscription=subscription)


@transaction.atomic
def unsubscribe_all_from(*, targets) -> int:
    """Stop every subscription to these objects (their records erased, say); forget the
    supporters left with none. Returns how many subscriptions went."""
    subscriptions = Subscription.objects.to_any(targets)
    supporter_ids = list(subscriptions.values_list("supporter_id", flat=True).distinct())
    deleted, _by_model = subscriptions.delete()
    _forget_if_unsubscribed(supporter_ids)
    return deleted


@transaction.atomic
def forget(*, supporter: Supporter) -> None:
    """Erase a supporter: the address, what they follow, and (by cascade) the records
    other apps keep about them."""
    Supporter.objects.filter(pk=supporter.pk).delete()


def _forget_if_unsubscribed(supporter_ids) -> int:
    following = Subscription.objects.filter(supporter=OuterRef("pk"))
    deleted, _by_model = (
        Supporter.objects.filter(pk__in=supporter_ids).exclude(Exists(following)).delete()
    )
    return deleted


@transaction.atomic
def purge_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Delete the unconfirmed subscriptions whose link has expired, and the supporters
    they leave with nothing and who never confirmed. Returns how many subscriptions."""
    stale = Subscription.objects.stale_unconfirmed(now)
    supporter_ids = list(stale.values_list("supporter_id", flat=True))
    deleted, _by_model = stale.delete()
    following = Subscription.objects.filter(supporter=OuterRef("pk"))
    Supporter.objects.filter(pk__in=supporter_ids, confirmed_at__isnull=True).exclude(
        Exists(following)
    ).delete()
    return deleted


@transaction.atomic
def purge_orphaned() -> int:
    """Delete the subscriptions to things that no longer exist (a campaign or a profile
    deleted by staff: a generic foreign key does not cascade), and the supporters they
    leave following nothing. Returns how many subscriptions."""
    deleted = 0
    for type_id in Subscription.objects.values_list("target_type", flat=True).distinct():
        model = ContentType.objects.get_for_id(type_id).model_class()
        orphans = Subscription.objects.filter(target_type_id=type_id)
        if model is not None:
            orphans = orphans.exclude(target_id__in=model._base_manager.values("pk"))
        supporter_ids = list(orphans.values_list("supporter_id", flat=True))
        count, _by_model = orphans.delete()
        deleted += count
        _forget_if_unsubscribed(supporter_ids)
    return deleted
