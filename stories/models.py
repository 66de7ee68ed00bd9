from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from core.fields import TextField
from core.managers import SlugManager
from core.markdown import render_markdown
from core.schema_org import CONTEXT, node_id, organisation_reference, shown_language
from prisoners.models import Person, Source


class StoryQuerySet(models.QuerySet):
    def published(self):
        """Stories any visitor may read: published, and not dated in the future."""
        return self.filter(is_published=True, published_on__lte=timezone.localdate())

    def latest(self):
        return self.published().order_by("-published_on", "-pk")


class Story(models.Model):
    """News and updates, written by staff from a published source."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=200, unique=True)
    standfirst = TextField(
        _("standfirst"), max_length=500, help_text=_("One or two sentences under the title.")
    )
    body = TextField(_("body"), help_text=_("Markdown."))
    published_on = models.DateField(_("published on"), default=timezone.localdate)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="stories",
        verbose_name=_("original source"),
    )
    prisoners = models.ManyToManyField(
        Person, related_name="stories", blank=True, verbose_name=_("prisoners")
    )
    campaigns = models.ManyToManyField(
        Campaign, related_name="stories", blank=True, verbose_name=_("campaigns")
    )
    is_published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    objects = SlugManager.from_queryset(StoryQuerySet)()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def body_html(self):
        return render_markdown(self.body)

    def schema_org(self, origin: str, prisoners: list[Person]) -> dict:
        """schema.org NewsArticle data: the story as the page shows it, the public
        profiles it is about (`prisoners`) as references to their Person, published and
        written by the organisation, citing its source. Links on `origin`
        (core.schema_org.links_origin)."""
        url = origin + self.get_absolute_url()
        publisher = organisation_reference(origin)
        data = {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "@id": node_id(self.get_absolute_url(), "article"),
            "url": url,
            "mainEntityOfPage": url,
            "headline": self.title,
            "description": self.standfirst,
            "inLanguage": shown_language(self, "title"),
            "datePublished": self.published_on.isoformat(),
            "dateModified": self.updated_at.isoformat(timespec="seconds"),
            "author": publisher,
            "publisher": publisher,
            "citation": [self.source.schema_org()],
        }
        if prisoners:
            data["about"] = [person.schema_org_reference(origin) for person in prisoners]
        return data
