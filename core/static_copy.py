"""What a page needs to know when it is rendered for the static copy of the site.

The static copy (``manage.py build_mirror``, docs/deploy.md "When the site is blocked") is
written by rendering every public page in-process with this key set in the request's
environ. A page rendered so must not offer what a static host cannot do: no form that
posts to it, no query string it cannot answer. Templates read ``mirror_copy`` (the
context processor ``core.context_processors.site``); Python reads ``is_mirror_copy``.
"""

from django.http import HttpRequest

ENVIRON_KEY = "advocacy.static_copy"


def is_mirror_copy(request: HttpRequest | None) -> bool:
    """Whether this request renders a page of the static copy."""
    return bool(request is not None and request.META.get(ENVIRON_KEY))
