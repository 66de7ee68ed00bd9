"""The bare floor: what Django itself costs under the same server, measured in the same
run as the site (docs/benchmarks.md). A separate minimal application, not the project:
only SecurityMiddleware and CommonMiddleware, no database, no templates, a constant
response. Every figure of the harness is a ratio to this one.

    gunicorn -c config/gunicorn.conf.py bench.bare:application
"""

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"floor\n", content_type="text/plain; charset=utf-8")


def healthz(request: HttpRequest) -> HttpResponse:
    """What the harness waits for before it measures (bench/servers.py)."""
    return HttpResponse(b"ok\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/floor", floor), path("healthz", healthz)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-floor-only-not-a-secret-0123456789abcdefghij",  # noqa: S106
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
    ],
    INSTALLED_APPS=[],
    DATABASES={},
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after settings

application = get_wsgi_application()
