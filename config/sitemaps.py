"""sitemap.xml: every public profile, campaign and story, in every language."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from campaigns.models import Campaign
from prisoners.models import Person
from stories.models import Story


class LocalisedSitemap(Sitemap):
    i18n = True
    alternates = True


class PageSitemap(LocalisedSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["home", "prisoners:list", "campaigns:list", "stories:list", "privacy"]

    def location(self, item: str) -> str:
        return reverse(item)


class PrisonerSitemap(LocalisedSitemap):
    def items(self):
        return Person.objects.public_profiles().order_by("pk")

    def lastmod(self, person: Person):
        return person.updated_at


class CampaignSitemap(LocalisedSitemap):
    def items(self):
        return Campaign.objects.public().order_by("pk")


class StorySitemap(LocalisedSitemap):
    def items(self):
        return Story.objects.published().order_by("pk")

    def lastmod(self, story: Story):
        return story.updated_at


SITEMAPS = {
    "pages": PageSitemap,
    "prisoners": PrisonerSitemap,
    "campaigns": CampaignSitemap,
    "stories": StorySitemap,
}
