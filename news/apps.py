from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """What happened that supporters may hear of: written by the domain apps' services,
    announced by supporters. Imports only core and Django."""

    name = "news"
    verbose_name = _("News")
