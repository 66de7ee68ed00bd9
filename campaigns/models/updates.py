"""News a campaign posts to its page (and that supporters may be emailed)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models.campaigns import Campaign
from core.fields import TextField
from core.markdown import render_markdown


class CampaignUpdateQuerySet(models.QuerySet):
    def published(self):
        """Updates any visitor may read: published, newest first."""
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now()).order_by(
            "-published_at", "-pk"
        )


class CampaignUpdate(models.Model):
    """News of an appeal that staff write: a dated entry of the campaign page's timeline
    and of the feeds, and the email its signers who asked for updates receive
    (supporters/)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="updates", verbose_name=_("campaign")
    )
    title = models.CharField(_("title"), max_length=200)
    body = TextField(_("text"), help_text=_("Markdown."))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when it is published or sent; the campaign page shows it from then."),
    )

    objects = CampaignUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campaign update")
        verbose_name_plural = _("campaign updates")
        indexes = [models.Index(fields=["campaign", "published_at"], name="update_timeline")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.campaign.get_absolute_url()}#update-{self.pk}"

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def publish(self) -> None:
        """Show it on the campaign page and in the feeds, from now (once)."""
        if self.published_at is None:
            self.published_at = timezone.now()
            self.save(update_fields=["published_at"])
