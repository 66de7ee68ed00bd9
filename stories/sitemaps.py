from core.sitemaps import LocalisedSitemap
from stories.models import Story


class StorySitemap(LocalisedSitemap):
    def items(self):
        return Story.objects.published().order_by("pk")

    def lastmod(self, story: Story):
        return story.updated_at


SITEMAPS = {"stories": StorySitemap}
