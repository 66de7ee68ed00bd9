"""Who hears back, and what was sent to them: followers of a person, mailings to signers
and followers, one delivery row per recipient of each mailing (what makes each email go
out exactly once), and the addresses a mail server refused for good.

Personal data, kept as little and as briefly as the signatures (docs/security.md): a
follower's address until they stop following (unconfirmed ones for
SIGNATURE_CONFIRMATION_DAYS); a delivery holds no address, only which signature or
follower it goes to, and is deleted MAILING_RECORDS_DAYS after its mailing finished; a
refused address is kept as a keyed digest only. None of them has a history table.
"""

import datetime
import uuid

from django.conf import settings
from django.db import connections, models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Signature
from core.email_addresses import EmailDigestField
from core.encryption import EncryptedEmailField
from news.models import News, NewsKind
from prisoners.models import Person


class FollowerQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def stale_unconfirmed(self, now: datetime.datetime | None = None):
        """Unconfirmed follows whose confirmation link has expired."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=settings.SIGNATURE_CONFIRMATION_DAYS)
        return self.unconfirmed().filter(
            Q(confirmation_requested_at__isnull=True) | Q(confirmation_requested_at__lt=cutoff),
            created_at__lt=cutoff,
        )


class Follower(models.Model):
    """An address that follows one person: it gets an email when their status changes or
    a story about them is published. Stored when the follow form is sent, counted only
    once its owner confirms by the emailed link (double opt-in)."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="followers",
        verbose_name=_("person followed"),
        db_index=False,  # the unique (person, email) index serves lookups by person
    )
    # What links name: random, where the id would tell how many follow.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Encrypted at rest, as signers' addresses are (core/encryption.py); the keyed digest
    # of the canonical address is what the unique constraint and look-ups use.
    email = EncryptedEmailField(_("email"))
    email_digest = EmailDigestField(of="email")
    language = models.CharField(_("language"), max_length=10, default="en")
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # When the last confirmation email was asked for (claimed, so that many requests
    # send one), and when the mail server last accepted one.
    confirmation_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = FollowerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "email_digest"], name="one_follow_per_address"
            )
        ]

    def __str__(self) -> str:
        # Never the address: this shows in admin messages and logs.
        return str(_("Follower %(id)s of %(person)s") % {"id": self.pk, "person": self.person})

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def as_personal_data(self) -> dict:
        """Everything stored about this follow, for its owner to download."""
        return {
            "person_followed": self.person.name,
            "email": self.email,
            "language": self.language,
            "asked_at": self.created_at.isoformat(),
            "confirmed_at": self.confirmed_at.isoformat() if self.confirmed_at else None,
            "emails_sent": [row.personal_data() for row in self.deliveries.all()],
        }


class MailingStatus(models.TextChoices):
    SENDING = "sending", _("Sending")
    PAUSED = "paused", _("Paused")
    DONE = "done", _("Sent")


class MailingQuerySet(models.QuerySet):
    def sending(self):
        return self.filter(status=MailingStatus.SENDING)

    def of_campaign_updates_since(self, campaign: Campaign, moment: datetime.datetime):
        updates = News.objects.about(campaign).filter(kind=NewsKind.UPDATE)
        return self.filter(news__in=updates, created_at__gte=moment)


class Mailing(models.Model):
    """One email to many supporters about one piece of news: what it says in each
    language (rendered once, when it is started, so that every recipient gets the same
    text however the source is edited meanwhile), its progress, and who started it."""

    # What it announces: one mailing per piece of news (a second click on "send" finds
    # the first mailing).
    news = models.OneToOneField(
        News, on_delete=models.PROTECT, related_name="mailing", verbose_name=_("piece of news")
    )
    subject = models.CharField(_("subject (English)"), max_length=300)
    # {language: {"subject": ..., "body": ...}}: the email in each language, with markers
    # where each recipient's own links go (supporters.emails).
    content = models.JSONField(default=dict, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=MailingStatus.choices, default=MailingStatus.SENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    # Written when it finishes, so that the figures outlive the deliveries' records.
    sent_count = models.PositiveIntegerField(_("sent"), default=0)
    failed_count = models.PositiveIntegerField(_("failed"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)

    objects = MailingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        permissions = [("send_mailing", _("Can send mailings to signers and followers"))]

    def __str__(self) -> str:
        return self.subject

    def progress(self) -> "MailingProgress":
        """Sent, failed, skipped and waiting, from the deliveries while they exist (one
        query), from the figures written at the end once they are deleted."""
        if self.status == MailingStatus.DONE:
            return MailingProgress(
                total=self.recipients,
                sent=self.sent_count,
                failed=self.failed_count,
                skipped=self.skipped_count,
            )
        counts = dict(
            Delivery.objects.filter(mailing=self)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        return MailingProgress(
            total=self.recipients,
            sent=counts.get(DeliveryStatus.SENT, 0),
            failed=counts.get(DeliveryStatus.FAILED, 0),
            skipped=counts.get(DeliveryStatus.SKIPPED, 0),
        )


class MailingProgress:
    def __init__(self, *, total: int, sent: int, failed: int, skipped: int):
        self.total = total
        self.sent = sent
        self.failed = failed
        self.skipped = skipped
        self.done = sent + failed + skipped
        self.waiting = max(0, total - self.done)

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 100


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Claimed by a worker")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


WAITING = Q(status=DeliveryStatus.PENDING)
CLAIMED = Q(status=DeliveryStatus.SENDING)


class DeliveryQuerySet(models.QuerySet):
    def mark_sent(self, delivery_id: int, moment: datetime.datetime) -> None:
        """One recipient's email was accepted by the mail server: one UPDATE in
        autocommit, straight after the server's answer (the only window in which a
        killed worker could send it again). Hand-written, as the spike path's statements
        are: the ORM's update costs several times the CPU, once per email."""
        connection = connections[self.db]
        table = connection.ops.quote_name(self.model._meta.db_table)
        field = self.model._meta.get_field("sent_at")
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET status = %s, sent_at = %s, claimed_at = NULL "  # noqa: S608
                "WHERE id = %s",
                [DeliveryStatus.SENT, field.get_db_prep_save(moment, connection), delivery_id],
            )


class Delivery(models.Model):
    """One mailing's email to one recipient: a signature (campaign mailings) or a
    follower. The unique pair decides that it is sent once; the row holds no address
    (the recipient's row does), and goes with its recipient when they withdraw or stop
    following."""

    mailing = models.ForeignKey(
        Mailing, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    signature = models.ForeignKey(
        Signature, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    follower = models.ForeignKey(
        Follower, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # When a worker claimed it; a claim older than MAILING_CLAIM_SECONDS is released.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The kind of failure ("refused 550", "lost connection"), never the server's text,
    # which can quote the address.
    failure = models.CharField(max_length=60, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "signature"],
                condition=Q(signature__isnull=False),
                name="one_delivery_per_signature",
            ),
            models.UniqueConstraint(
                fields=["mailing", "follower"],
                condition=Q(follower__isnull=False),
                name="one_delivery_per_follower",
            ),
            models.CheckConstraint(
                condition=Q(signature__isnull=True) ^ Q(follower__isnull=True),
                name="delivery_has_one_recipient",
            ),
        ]
        indexes = [
            # Small: only what waits is in them.
            models.Index(
                fields=["mailing", "next_attempt_at"], condition=WAITING, name="delivery_due"
            ),
            models.Index(
                fields=["mailing", "claimed_at"], condition=CLAIMED, name="delivery_claimed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mailing_id}/{self.pk}: {self.status}"

    def personal_data(self) -> dict:
        """This email, as its recipient's data download lists it."""
        return {
            "mailing": self.mailing.subject,
            "status": self.status,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
        }


class SuppressedAddress(models.Model):
    """An address a mail server refused for good (a 5xx answer): later mailings skip it.
    Kept as a keyed digest (campaigns.models.email_digest), never as the address."""

    email_digest = models.CharField(max_length=64, unique=True)
    reason = models.CharField(_("reason"), max_length=60)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("refused address")
        verbose_name_plural = _("refused addresses")

    def __str__(self) -> str:
        return self.email_digest
