"""The third kind of action: write to an official, as Amnesty's Urgent Actions and Write
for Rights do. Staff write a model letter for a campaign, in each language, to named
officials (a prosecutor, the head of a colony, an embassy), each with an address whose
source is cited; the visitor sends it themselves, by email or by post, and says so with
one press. A counted letter keeps the model letter, the official and the day, nothing
about the visitor (core.models.CountedAct)."""

from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from core.fields import TextField
from core.models import CountedAct, CountedActQuerySet
from prisoners.models import Source


class Official(models.Model):
    """Someone with power over a prisoner's fate, and where letters reach them."""

    name = models.CharField(_("name"), max_length=200, help_text=_("As written in this language."))
    position = models.CharField(
        _("position"),
        max_length=300,
        help_text=_("E.g. the Prosecutor General of Belarus, the head of penal colony No. 9."),
    )
    postal_address = TextField(_("postal address"), blank=True)
    email = models.EmailField(_("email address"), blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("source of the address"),
        help_text=_("Where the address was published."),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def __str__(self) -> str:
        return f"{self.name}, {self.position}"

    def clean(self) -> None:
        if not self.postal_address.strip() and not self.email:
            raise ValidationError(_("Give a postal address, an email address, or both."))


class OfficialLetterQuerySet(models.QuerySet):
    def public(self):
        """The letters of campaigns any visitor may see."""
        return self.filter(campaign__in=Campaign.objects.public())

    def for_campaign(self, campaign: Campaign):
        """The campaign's model letters with their officials (two queries)."""
        return self.filter(campaign=campaign).prefetch_related("officials")


class OfficialLetter(models.Model):
    """The letter staff wrote for a campaign, in each language, to send to its officials."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="official_letters",
        verbose_name=_("campaign"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = TextField(
        _("letter"),
        help_text=_(
            "Plain text, as the visitor sends it: it goes into an email or onto paper. "
            "Visitors may change it before sending."
        ),
    )
    officials = models.ManyToManyField(
        Official, related_name="letters", verbose_name=_("officials")
    )

    objects = OfficialLetterQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("letter to officials")
        verbose_name_plural = _("letters to officials")

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return self.campaign.get_absolute_url() + "#officials"

    def addressee(self, official_pk: int) -> Official | None:
        """The official with this id, if the letter is to them, with the source of their
        address (one query)."""
        return self.officials.select_related("source").filter(pk=official_pk).first()

    def page_url(self, official: Official) -> str:
        """The page where the visitor writes this letter to this official."""
        return reverse(
            "officials:write",
            kwargs={"slug": self.campaign.slug, "letter": self.pk, "official": official.pk},
        )

    def mailto(self, official: Official) -> str:
        """A `mailto:` link to the official with the subject and the letter in the active
        language, percent-encoded (RFC 6068); "" without an email address."""
        if not official.email:
            return ""
        subject = quote(self.subject, safe="")
        body = quote(self.body.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")
        return f"mailto:{quote(official.email, safe='@')}?subject={subject}&body={body}"


class LetterToOfficialQuerySet(CountedActQuerySet):
    def of_campaign(self, campaign: Campaign):
        return self.filter(letter__campaign=campaign)

    def most_written_to(self) -> list[dict]:
        """{"official": its id, "count": letters}, the most written to first. One GROUP BY."""
        rows = self.order_by().values("official").annotate(count=Count("pk"))
        return sorted(rows, key=lambda row: (-row["count"], row["official"]))


class LetterToOfficial(CountedAct):
    """A letter to an official that a visitor said they sent, by pressing "I sent it"."""

    letter = models.ForeignKey(
        OfficialLetter, on_delete=models.CASCADE, related_name="sent", verbose_name=_("letter")
    )
    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="letters_sent", verbose_name=_("official")
    )

    objects = LetterToOfficialQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["letter", "official"], name="official_letter_sent")]
        verbose_name = _("letter sent to an official")
        verbose_name_plural = _("letters sent to officials")

    def __str__(self) -> str:
        return f"{self.official} ({self.sent_on})"
