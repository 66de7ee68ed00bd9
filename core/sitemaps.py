"""The base of every app's sitemap: each URL in every language, with its alternates."""

from django.contrib.sitemaps import Sitemap


class LocalisedSitemap(Sitemap):
    i18n = True
    alternates = True
