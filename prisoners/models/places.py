"""Places of detention, shared by the many people held in each, and each person's stays in
them: a transfer is a new stay, never an overwritten field."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.countries import CountryField
from core.fields import TextField
from core.languages import localized_fields
from core.managers import SlugManager
from prisoners.dates import FuzzyDate, normalise, precision_field
from prisoners.models.record import RecordPart
from prisoners.models.sources import Source


class PlaceKind(models.TextChoices):
    TEMPORARY = "temporary", _("Temporary detention facility")
    PRE_TRIAL = "pre_trial", _("Pre-trial detention centre")
    COLONY = "colony", _("Penal colony")
    COLONY_SETTLEMENT = "colony_settlement", _("Colony-settlement")
    PRISON = "prison", _("Prison")
    CORRECTIONAL_CENTRE = "correctional_centre", _("Open correctional centre")
    HOSPITAL = "hospital", _("Prison hospital")
    OTHER = "other", _("Other")


class PlaceQuerySet(models.QuerySet):
    def by_name(self) -> dict[str, "PlaceOfDetention"]:
        """Every place under each of its names (in each language, case-folded), for
        matching a whole import file in one query."""
        return {
            name.casefold(): place
            for place in self
            for name in [*(getattr(place, field) for field in localized_fields("name")), place.slug]
            if name
        }


class PlaceOfDetention(models.Model):
    slug = models.SlugField(_("short name"), max_length=200, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=PlaceKind.choices, blank=True)
    country = CountryField(_("country"), blank=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    postal_address = TextField(
        _("address for letters"),
        blank=True,
        help_text=_("As it must be written on the envelope, one line per line."),
    )
    sources = models.ManyToManyField(
        Source, related_name="+", blank=True, verbose_name=_("sources")
    )

    objects = SlugManager.from_queryset(PlaceQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = _("place of detention")
        verbose_name_plural = _("places of detention")

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Stay(RecordPart):
    """A time a person spent in a place of detention."""

    place = models.ForeignKey(
        PlaceOfDetention, on_delete=models.PROTECT, verbose_name=_("place of detention")
    )
    started_on = models.DateField(_("from"), null=True, blank=True)
    started_on_precision = precision_field(_("precision of the start"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    ended_on_precision = precision_field(_("precision of the end"))
    sources = models.ManyToManyField(Source, related_name="+", verbose_name=_("sources"))

    class Meta(RecordPart.Meta):
        default_related_name = "stays"
        verbose_name = _("stay in a place of detention")
        verbose_name_plural = _("places of detention")

    def __str__(self) -> str:
        return str(self.place)

    def save(self, *args, **kwargs):
        self.started_on, self.started_on_precision = normalise(
            self.started_on, self.started_on_precision
        )
        self.ended_on, self.ended_on_precision = normalise(self.ended_on, self.ended_on_precision)
        super().save(*args, **kwargs)
        self.person.forget_cached_version()

    @property
    def started(self) -> FuzzyDate:
        return FuzzyDate(self.started_on, self.started_on_precision)

    @property
    def ended(self) -> FuzzyDate:
        return FuzzyDate(self.ended_on, self.ended_on_precision)
