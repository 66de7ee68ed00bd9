"""A campaign for tests outside tests/campaigns/."""

from campaigns.models import Campaign, CampaignStatus
from tests.factories import make_source


def open_campaign(**fields) -> Campaign:
    defaults = {
        "title_en": "Free them all",
        "slug": "free-them-all",
        "target_en": "The authorities",
        "summary_en": "An appeal.",
        "appeal_en": "Free them.",
        "status": CampaignStatus.OPEN,
        "goal": 100,
    }
    campaign = Campaign.objects.create(**(defaults | fields))
    campaign.sources.set([make_source()])
    return campaign
