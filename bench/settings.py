"""Settings for the benchmarks only: the production settings, plus the `bench` app (its
synthetic-data command) and a URLconf with the framework-floor view.

Never used by `make run` or `make serve`; bench/run.py selects it with
DJANGO_SETTINGS_MODULE=bench.settings.
"""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
