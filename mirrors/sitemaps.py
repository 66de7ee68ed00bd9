from django.urls import reverse

from core.sitemaps import LocalisedSitemap


class MirrorPageSitemap(LocalisedSitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["mirrors:list"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"mirrors": MirrorPageSitemap}
