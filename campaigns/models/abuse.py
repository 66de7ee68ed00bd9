"""What staff use against abuse: flood alerts and the lists of blocked domains and addresses."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models.campaigns import Campaign


class FloodKind(models.TextChoices):
    IP = "ip", _("one address")
    DOMAIN = "domain", _("one email domain")


class FloodAlert(models.Model):
    """A campaign's hour in which one keyed IP hash or one email domain passed the alert
    threshold: the row exists once per (campaign, hour, kind, key), so staff are emailed
    once, and marked when the mail server accepted the email."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    kind = models.CharField(max_length=10, choices=FloodKind.choices)
    key = models.CharField(max_length=64)
    # What staff are told: the domain itself (a flood's domain names no one), or the
    # first characters of the IP's keyed hash.
    label = models.CharField(max_length=253)
    signatures = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "hour", "kind", "key"], name="one_flood_alert"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.hour:%Y-%m-%d %H}h {self.kind} {self.label}"


class BlockListEntry(models.Model):
    """What every entry of a block list keeps beside what it blocks: why, when, by whom."""

    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        abstract = True


class BlockedEmailDomain(BlockListEntry):
    """Addresses at this domain, or below it, are refused (quietly: the signer sees the
    usual answer; nothing is stored or sent)."""

    domain = models.CharField(
        _("domain"),
        max_length=253,
        unique=True,
        help_text=_("For example spam-domain.example: its subdomains are blocked too."),
    )

    class Meta:
        ordering = ["domain"]
        verbose_name = _("blocked email domain")
        verbose_name_plural = _("blocked email domains")

    def __str__(self) -> str:
        return self.domain

    def clean(self) -> None:
        self.domain = self.domain.strip().lower().lstrip("@").rstrip(".")
        if "." not in self.domain or "@" in self.domain or " " in self.domain:
            raise ValidationError({"domain": _("Write a domain, such as spam-domain.example.")})


class BlockedAddress(BlockListEntry):
    """Sign attempts from the IP address with this keyed hash are refused, as quietly."""

    ip_hash = models.CharField(
        _("keyed hash of the IP address"),
        max_length=64,
        unique=True,
        help_text=_("As the signatures and the list of possible floods show it."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("blocked address")
        verbose_name_plural = _("blocked addresses")

    def __str__(self) -> str:
        return self.ip_hash

    def clean(self) -> None:
        self.ip_hash = self.ip_hash.strip().lower()
        if not self.ip_hash or any(char not in "0123456789abcdef" for char in self.ip_hash):
            raise ValidationError({"ip_hash": _("A keyed hash is made of the digits 0-9 and a-f.")})
