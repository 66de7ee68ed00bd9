"""sitemap.xml: the site-wide pages, and every public profile, campaign and story in
every language, from the `SITEMAPS` of each installed app's `sitemaps` module."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import reverse

from core.sitemaps import LocalisedSitemap


class PageSitemap(LocalisedSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["home", "prisoners:list", "campaigns:list", "stories:list", "open-data", "privacy"]

    def location(self, item: str) -> str:
        return reverse(item)


def collect_sitemaps() -> dict[str, type[LocalisedSitemap]]:
    """This app's pages first, then each app's own, in INSTALLED_APPS order."""
    sitemaps: dict[str, type[LocalisedSitemap]] = {"pages": PageSitemap}
    for app in apps.get_app_configs():
        module_name = f"{app.name}.sitemaps"
        if app.name != __package__ and find_spec(module_name) is not None:
            sitemaps |= getattr(import_module(module_name), "SITEMAPS", {})
    return sitemaps
