from django.http import HttpRequest, HttpResponse


def floor(request: HttpRequest) -> HttpResponse:
    """A constant response through the whole middleware stack: what the framework and
    the server cost before the app does anything."""
    return HttpResponse(b"floor\n", content_type="text/plain; charset=utf-8")
