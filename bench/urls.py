"""The site's URLs plus the framework-floor view. The site's patterns are spliced in, not
include()d, so that LocaleMiddleware still sees its i18n_patterns at the top level."""

from django.urls import path

from bench.views import floor
from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("bench/floor", floor, name="bench-floor"), *site_urlpatterns]
