"""The published documents every fact on the site cites."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import TextField
from core.managers import SlugManager
from prisoners.dates import FuzzyDate, normalise, precision_field


class Source(models.Model):
    """A published document that the facts on this site come from."""

    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("address (URL)"), max_length=500, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_on_precision = precision_field(_("precision of the publication date"))
    language = models.CharField(_("language"), max_length=10, default="en")
    note = TextField(
        _("note"), blank=True, help_text=_("How the source was obtained, if it has no address.")
    )

    objects = SlugManager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.published_on, self.published_on_precision = normalise(
            self.published_on, self.published_on_precision
        )
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def published(self) -> FuzzyDate:
        return FuzzyDate(self.published_on, self.published_on_precision)

    def schema_org(self) -> dict:
        """The source as a schema.org CreativeWork, with what the page shows of it: its
        title, address, publisher and date (cut to its precision)."""
        work = {"@type": "CreativeWork", "name": self.title}
        if self.url:
            work["url"] = self.url
        if self.publisher:
            work["publisher"] = {"@type": "Organization", "name": self.publisher}
        if self.published.is_known:
            work["datePublished"] = self.published.iso()
        return work
