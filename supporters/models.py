"""What was sent to whom: mailings to the audience (audience.Supporter: signers who asked
for news and followers, one row per mailbox), one delivery row per supporter of each
mailing (what makes each email go out exactly once, however many ways its recipient
asked), and the addresses a mail server refused for good.

Personal data, kept as little and as briefly as the signatures (docs/security.md): a
delivery holds no address, only which supporter it goes to, and is deleted
MAILING_RECORDS_DAYS after its mailing finished, or with its supporter; a refused
address is kept as a keyed digest only. None of them has a history table.
"""

import datetime

from django.conf import settings
from django.db import connections, models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audience.models import Subscription, Supporter
from campaigns.models import Campaign
from core.encryption import EncryptedEmailField
from news.models import News, NewsKind
from prisoners.models import Person


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
    """One mailing's email to one supporter. The unique pair decides that it is sent
    once, however many of the mailing's subjects they follow; the row holds no address
    (the supporter's row does), and goes with its supporter when they are forgotten. The
    subscription is the way they asked that the email's unsubscribe link stops."""

    mailing = models.ForeignKey(
        Mailing, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
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
                fields=["mailing", "supporter"], name="one_delivery_per_supporter"
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


class FollowRequestQuerySet(models.QuerySet):
    def stale(self, now: datetime.datetime | None = None):
        """Requests never taken in within SIGNATURE_CONFIRMATION_DAYS (no worker ran all
        that time): their link would have expired by now anyway."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=settings.SIGNATURE_CONFIRMATION_DAYS)
        return self.filter(created_at__lt=cutoff)


class FollowRequest(models.Model):
    """An address's request to follow a person, as the public host stores it: the address
    sealed to the office's key (core/sealing.py) and nothing that tells one address from
    another (the public host has no digest key). The office's intake
    (supporters.services.follow_requests_take_in) opens it, finds or makes the mailbox's
    supporter and subscription, emails the link, and deletes the request: the row is its
    own outbox, held for the seconds until the worker runs.

    A request of its own rather than a supporter row without a digest: a supporter is
    then always one known mailbox (what the links, the mailings' join to signatures and
    the withdrawals rely on), and the intake reuses the one rule of following
    (audience.services.subscribe) instead of folding rows into one another."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    email = EncryptedEmailField(_("email"))
    language = models.CharField(max_length=10)
    created_at = models.DateTimeField(default=timezone.now)

    objects = FollowRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow request")
        verbose_name_plural = _("follow requests")

    def __str__(self) -> str:
        # Never the address.
        return f"Follow request {self.pk}"
