"""The other addresses where the site can be read when its own is blocked (issue 32):
web mirrors, the onion service, static copies and their IPFS address. Staff keep them
and the date each was last checked; the public page, the open data and every email to
supporters list those that are listed."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# A v3 onion address: 56 characters of base32 (RFC 4648, lower case), then .onion.
ONION_ADDRESS = re.compile(r"^https?://[a-z2-7]{56}\.onion(/\S*)?$")
# An IPFS content address: ipfs://<CID>[/path], or IPNS's ipns://<name>[/path].
IPFS_ADDRESS = re.compile(r"^ip[fn]s://[A-Za-z0-9.-]+(/\S*)?$")
https_url = URLValidator(schemes=["https"])


class Kind(models.TextChoices):
    WEB = "web", _("Web mirror")
    ONION = "onion", _("Onion service")
    STATIC = "static", _("Static copy")
    IPFS = "ipfs", _("IPFS")


class MirrorQuerySet(models.QuerySet):
    def listed(self):
        """The addresses visitors and supporters are given."""
        return self.filter(is_listed=True)


class Mirror(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    address = models.CharField(
        _("address"),
        max_length=300,
        unique=True,
        help_text=_(
            "The full address: https://… for a web mirror or a static copy; "
            "http://….onion for the onion service; ipfs://… or an https gateway's "
            "address for IPFS."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("Optional, shown beside the address: what it is, who hosts it."),
    )
    is_listed = models.BooleanField(
        _("listed"),
        default=True,
        help_text=_("Shown on the public page, in the open data and in every email."),
    )
    last_checked = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_("The date someone last opened it and found the site there, current."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower first among addresses of its kind.")
    )

    objects = MirrorQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "position", "pk"]
        verbose_name = _("mirror")
        verbose_name_plural = _("mirrors")

    def __str__(self) -> str:
        return self.address

    def clean(self) -> None:
        self.address = self.address.strip()
        if self.kind == Kind.ONION:
            self.address = self.address.lower()
        if self.kind and self.address:
            validate_address(self.kind, self.address)


def validate_address(kind: str, address: str) -> None:
    """Refuse an address that cannot be of its kind, or that is this site's own."""
    if kind == Kind.ONION:
        if not ONION_ADDRESS.match(address):
            raise ValidationError(
                {
                    "address": _(
                        "An onion address is http:// or https://, then 56 letters and "
                        "digits, then .onion."
                    )
                }
            )
        return
    if kind == Kind.IPFS and IPFS_ADDRESS.match(address):
        return
    try:
        https_url(address)
    except ValidationError:
        message = (
            _("An IPFS address starts with ipfs:// or is a gateway's https:// address.")
            if kind == Kind.IPFS
            else _("Enter a full address that starts with https://.")
        )
        raise ValidationError({"address": message}) from None
    own_host = urlsplit(settings.SITE_URL).hostname
    if own_host and urlsplit(address).hostname == own_host:
        raise ValidationError(
            {"address": _("That is this site's own address: list only the others.")}
        )
