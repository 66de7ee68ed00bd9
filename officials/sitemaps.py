from core.sitemaps import LocalisedSitemap
from officials.models import OfficialLetter


class OfficialLetterSitemap(LocalisedSitemap):
    """The page of each public campaign's letter to each of its officials."""

    def items(self) -> list[tuple[OfficialLetter, object]]:
        letters = (
            OfficialLetter.objects.public()
            .select_related("campaign")
            .prefetch_related("officials")
            .order_by("pk")
        )
        return [(letter, official) for letter in letters for official in letter.officials.all()]

    def location(self, item) -> str:
        letter, official = item
        return letter.page_url(official)


SITEMAPS = {"officials": OfficialLetterSitemap}
