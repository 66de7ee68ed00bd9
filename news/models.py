"""A piece of news: something that happened (a status change, a published story, a
campaign's update, response or outcome), about whom, in which languages it is written.

Written by the services of the app it happened in (prisoners, stories, campaigns), never
by the case import; read by supporters, which turns a row into a mailing. One row per
`topic`, so that writing the same news twice finds the first.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NewsKind(models.TextChoices):
    UPDATE = "update", _("Campaign update")
    RESPONSE = "response", _("The addressee's response")
    OUTCOME = "outcome", _("Outcome of a campaign")
    STATUS_CHANGE = "status_change", _("Status change of a followed person")
    STORY = "story", _("Story about a followed person")


class NewsQuerySet(models.QuerySet):
    def about(self, obj: models.Model):
        """The news concerning this person or campaign."""
        return self.filter(
            about__content_type=ContentType.objects.get_for_model(obj), about__object_id=obj.pk
        )


class News(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=NewsKind.choices)
    # What it is (the status change, story, update, or the campaign whose response or
    # outcome it is): kept when that row is deleted, as the news of it was given.
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject type")
    )
    subject_id = models.PositiveBigIntegerField(_("subject id"))
    subject = GenericForeignKey("subject_type", "subject_id")
    # The languages of the site it has its own words in ("en", "be", ...).
    languages = models.JSONField(_("languages"), default=list)
    # One row per thing announced ("update:12", "campaign:3:response", "status-change:40").
    topic = models.CharField(_("topic"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )

    objects = NewsQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("piece of news")
        verbose_name_plural = _("news")
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="news_subject")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.topic}"

    def about_objects(self, model: type[models.Model]) -> models.QuerySet:
        """The rows of `model` (people, campaigns) this news is about."""
        ids = self.about.filter(content_type=ContentType.objects.get_for_model(model)).values(
            "object_id"
        )
        return model._default_manager.filter(pk__in=ids)


class NewsAbout(models.Model):
    """One person or campaign a piece of news concerns."""

    news = models.ForeignKey(News, on_delete=models.CASCADE, related_name="about")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    concerned = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("concerned")
        verbose_name_plural = _("concerned")
        constraints = [
            models.UniqueConstraint(
                fields=["news", "content_type", "object_id"], name="news_about_once"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="news_about_object")]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}"
