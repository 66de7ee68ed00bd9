"""The people who asked to hear from us, once each, and what each of them follows.

One `Supporter` per mailbox (the keyed digest of its canonical address is unique), with
the address encrypted at rest as signers' are (core/encryption.py), the language they
last asked in, and when they first proved the mailbox is theirs. A `Subscription` is one
thing they follow: a campaign (a confirmed signature that asked for updates) or a person
(a confirmed follow), named by a generic foreign key, so that this app names no domain
app. Who hears of something is `Supporter.objects.interested_in(objects)`: one row per
mailbox however many of the objects it follows and however it asked.

Personal data, kept as briefly as the signatures' (docs/security.md): a supporter goes
when their last subscription goes (unsubscribing, withdrawing a signature, erasure);
unconfirmed subscriptions after SIGNATURE_CONFIRMATION_DAYS. No history table.
"""

import datetime
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.email_addresses import EmailDigestField, digest
from core.encryption import EncryptedEmailField, Sealed

# What a data download says of the address where it cannot show it: through the public
# host, which holds no key that opens it (docs/security.md "Sealed supporter data").
SEALED_ADDRESS = "sealed: the address this link was sent to; only the office can read it"


def targets_q(objects: Iterable[models.Model] | models.QuerySet) -> Q:
    """The subscriptions to any of these objects (model instances of any kinds, or a
    queryset): one condition per kind of object."""
    if isinstance(objects, models.QuerySet):
        kind = ContentType.objects.get_for_model(objects.model)
        return Q(target_type=kind, target_id__in=objects.values("pk"))
    by_kind: dict[ContentType, list[int]] = {}
    for obj in objects:
        by_kind.setdefault(ContentType.objects.get_for_model(obj), []).append(obj.pk)
    condition = Q(pk__in=[])
    for kind, ids in by_kind.items():
        condition |= Q(target_type=kind, target_id__in=ids)
    return condition


class SupporterQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def for_address(self, email: str):
        return self.filter(email_digest=digest(email))

    def interested_in(self, objects):
        """Confirmed supporters with a confirmed subscription to any of these objects,
        each once."""
        subscribed = Subscription.objects.confirmed().to_any(objects).values("supporter_id")
        return self.confirmed().filter(pk__in=subscribed)


class Supporter(models.Model):
    """A mailbox that asked to hear from us, in one language."""

    # What links name: random, where the id would tell how many there are.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = EncryptedEmailField(_("email"))
    # Written by the code that writes the supporter (audience.services.subscribe), never
    # computed on save: the public role, which subscribes a confirmed signer by the digest
    # the office stored with the signature, has no digest key. Empty (NULL, and NULLs do
    # not collide) only for a row made without subscribe().
    email_digest = EmailDigestField(of="email", unique=True, null=True, on_save=False)
    language = models.CharField(_("language"), max_length=10, default="en")
    created_at = models.DateTimeField(_("first asked at"), default=timezone.now)
    # When the owner first followed an emailed link: a signature's or a follow's.
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = SupporterQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")

    def __str__(self) -> str:
        # Never the address: this shows in admin messages and logs.
        return str(_("Supporter %(id)s") % {"id": self.pk})

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def email_for_owner(self) -> str:
        """The address, as its owner's data download shows it: the address itself where
        it can be opened (the office), else a note that it is held sealed (the public
        host; never the sealed text, which tells its owner nothing)."""
        return SEALED_ADDRESS if isinstance(self.email, Sealed) else self.email

    def as_personal_data(self) -> dict:
        """Everything stored about this supporter, for its owner to download: what they
        follow, and what other apps keep about them (the emails sent, say: each model
        pointing at supporters with a `personal_data()` joins under its relation's name,
        without this app naming it)."""
        data = {
            "email": self.email_for_owner(),
            "language": self.language,
            "first_asked_at": self.created_at.isoformat(),
            "confirmed_at": self.confirmed_at.isoformat() if self.confirmed_at else None,
            "following": [row.personal_data() for row in self.subscriptions.all()],
        }
        for relation in self._meta.related_objects:
            if (
                hasattr(relation.related_model, "personal_data")
                and relation.name != "subscriptions"
            ):
                accessor = relation.get_accessor_name()
                data[accessor] = [row.personal_data() for row in getattr(self, accessor).all()]
        return data


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def to(self, target: models.Model):
        return self.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk
        )

    def to_any(self, objects):
        return self.filter(targets_q(objects))

    def stale_unconfirmed(self, now: datetime.datetime | None = None):
        """Unconfirmed subscriptions whose confirmation link has expired."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=settings.SIGNATURE_CONFIRMATION_DAYS)
        return self.unconfirmed().filter(
            Q(confirmation_requested_at__isnull=True) | Q(confirmation_requested_at__lt=cutoff),
            created_at__lt=cutoff,
        )


class Subscription(models.Model):
    """One thing a supporter follows (a campaign, a person). Counted only once confirmed
    by its owner (double opt-in: a signature's or a follow's emailed link)."""

    supporter = models.ForeignKey(
        Supporter,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("supporter"),
        db_index=False,  # the unique (supporter, target) index serves lookups by supporter
    )
    # What links name (a follow's confirmation and unsubscribe links): random. The
    # follows made before this table keep the public id their links carry.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("kind")
    )
    target_id = models.PositiveBigIntegerField(_("id"))
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # When the last confirmation email was asked for (claimed, so that many requests
    # send one), and when the mail server last accepted one.
    confirmation_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["supporter", "target_type", "target_id"],
                name="one_subscription_per_target",
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="subscription_target")]

    def __str__(self) -> str:
        return (
            str(self.target) if self.target is not None else f"{self.target_type} {self.target_id}"
        )

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def personal_data(self) -> dict:
        return {
            "kind": self.target_type.model,
            "name": str(self),
            "asked_at": self.created_at.isoformat(),
            "confirmed_at": self.confirmed_at.isoformat() if self.confirmed_at else None,
        }
