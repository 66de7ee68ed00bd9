from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core import signed_manifest
from core.page_cache import public_page_until_changed
from core.static_copy import is_mirror_copy
from mirrors.models import Kind, Mirror


@require_safe
@public_page_until_changed  # forgotten when staff change a mirror (mirrors.services)
def mirror_list(request: HttpRequest) -> HttpResponse:
    """ "If this site is blocked": the listed addresses grouped by kind, and how to use
    them. One query."""
    listed = list(Mirror.objects.listed())
    groups = [
        (kind, label, [mirror for mirror in listed if mirror.kind == kind])
        for kind, label in Kind.choices
    ]
    context = {
        "groups": [group for group in groups if group[2]],
        "has_onion": any(mirror.kind == Kind.ONION for mirror in listed),
        # The key that signs the static copies, when the site publishes one.
        "copy_key_published": signed_manifest.published_public_key() is not None,
        # On a page of the static copy: the day it was made, which the list is as of.
        "copy_made_on": timezone.localdate() if is_mirror_copy(request) else None,
    }
    return render(request, "mirrors/mirror_list.html", context)
