from datetime import datetime, time

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignUpdate
from core.feeds import SiteFeed
from stories.models import Story

FEED_LENGTH = 30


class StoryFeed(SiteFeed):
    """The latest stories and campaign updates as an Atom feed, in the language of the
    URL."""

    title = _("Stories of political prisoners in Belarus")
    subtitle = _("News and updates on political prisoners and the appeals for their release.")

    def link(self):
        return reverse("stories:list")

    def author_name(self):
        return settings.ORGANISATION_NAME

    def items(self) -> list:
        """Stories and updates of public campaigns, newest first: two queries."""
        stories = list(Story.objects.latest()[:FEED_LENGTH])
        updates = list(
            CampaignUpdate.objects.published()
            .filter(campaign__in=Campaign.objects.public())
            .select_related("campaign")[:FEED_LENGTH]
        )
        return sorted(stories + updates, key=self.item_pubdate, reverse=True)[:FEED_LENGTH]

    def item_title(self, item: Story | CampaignUpdate) -> str:
        if isinstance(item, CampaignUpdate):
            return f"{item.campaign.title}: {item.title}"
        return item.title

    def item_description(self, item: Story | CampaignUpdate) -> str:
        return item.body_html if isinstance(item, CampaignUpdate) else item.standfirst

    def item_pubdate(self, item: Story | CampaignUpdate) -> datetime:
        if isinstance(item, CampaignUpdate):
            return item.published_at
        return timezone.make_aware(datetime.combine(item.published_on, time(12)))

    def item_updateddate(self, item: Story | CampaignUpdate):
        return item.published_at if isinstance(item, CampaignUpdate) else item.updated_at
