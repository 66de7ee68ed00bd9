from django.conf import settings
from django.shortcuts import get_object_or_404

from campaigns.models import Campaign, CampaignUpdate
from core.feeds import SiteFeed


class CampaignUpdatesFeed(SiteFeed):
    """One appeal's updates, newest first, in the language of the URL."""

    def get_object(self, request, slug: str) -> Campaign:
        return get_object_or_404(Campaign.objects.public(), slug=slug)

    def title(self, campaign: Campaign) -> str:
        return campaign.title

    def subtitle(self, campaign: Campaign) -> str:
        return campaign.summary

    def link(self, campaign: Campaign) -> str:
        return campaign.get_absolute_url()

    def empty_feed_updated(self, campaign: Campaign):
        return campaign.created_at

    def author_name(self) -> str:
        return settings.ORGANISATION_NAME

    def items(self, campaign: Campaign):
        return campaign.updates.published().select_related("campaign")[:50]

    def item_title(self, item: CampaignUpdate) -> str:
        return item.title

    def item_description(self, item: CampaignUpdate) -> str:
        return item.body_html

    def item_pubdate(self, item: CampaignUpdate):
        return item.published_at
