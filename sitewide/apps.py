from django.apps import AppConfig


class SitewideConfig(AppConfig):
    """The pages of the site as a whole (home, privacy, robots.txt, sitemap.xml,
    /healthz): the top layer, which collects what each domain app contributes."""

    name = "sitewide"
    verbose_name = "Site-wide pages"
