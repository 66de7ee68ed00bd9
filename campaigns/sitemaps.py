from campaigns.models import Campaign
from core.sitemaps import LocalisedSitemap


class CampaignSitemap(LocalisedSitemap):
    def items(self):
        return Campaign.objects.public().order_by("pk")


SITEMAPS = {"campaigns": CampaignSitemap}
