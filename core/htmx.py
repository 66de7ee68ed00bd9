from django.http import HttpRequest
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

# Every header that changes what an htmx-aware view answers: a fragment for a request,
# the whole page for a history restore (which sends both). A cached response must vary
# on all of them, or one visitor's restore is served to everyone's filter as a page.
vary_on_htmx = vary_on_headers("HX-Request", "HX-History-Restore-Request")


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (for type checkers)."""

    htmx: HtmxDetails
