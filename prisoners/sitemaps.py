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


SITEMAPS = {"prisoners": PrisonerSitemap, "methodology": MethodologySitemap}
