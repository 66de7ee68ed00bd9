from core.sitemaps import LocalisedSitemap
from prisoners.models import Person


class PrisonerSitemap(LocalisedSitemap):
    def items(self):
        return Person.objects.public_profiles().order_by("pk")

    def lastmod(self, person: Person):
        return person.updated_at


SITEMAPS = {"prisoners": PrisonerSitemap}
