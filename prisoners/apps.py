from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrisonersConfig(AppConfig):
    name = "prisoners"
    verbose_name = _("Political prisoners")

    def ready(self) -> None:
        from prisoners import search_index

        search_index.ready()
