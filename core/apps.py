from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The building blocks every other app may use; it imports none of them."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import checks  # noqa: F401 - registers the system checks
