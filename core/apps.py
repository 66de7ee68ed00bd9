from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The building blocks every other app may use; it imports none of them."""

    name = "core"
    # Its one model is the log of staff's access to personal data.
    verbose_name = _("Accountability")

    def ready(self) -> None:
        from core import checks  # noqa: F401 - registers the system checks
