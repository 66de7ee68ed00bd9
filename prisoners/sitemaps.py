from django.urls import reverse

from core.sitemaps import LocalisedSitemap
from prisoners.models import Methodology, Person


class PrisonerSitemap(LocalisedSitemap):
    def items(self):
        return Person.objects.public_profiles().order_by("pk")

    def lastmod(self, person: Person):
        return person.updated_at


class MethodologySitemap(LocalisedSitemap):
    """The methodology page, once staff have written it."""

    def items(self):
        return Methodology.objects.all()

    def lastmod(self, page: Methodology):
        return page.updated_at


class StatisticsSitemap(LocalisedSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["prisoners:statistics"]

    def location(self, item: str) -> str:
        return reverse(item)


class LettersSitemap(LocalisedSitemap):
    """Writing to a prisoner, and the birthdays to send a card for."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return ["prisoners:letters", "prisoners:birthdays"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "prisoners": PrisonerSitemap,
    "methodology": MethodologySitemap,
    "statistics": StatisticsSitemap,
    "letters": LettersSitemap,
}
