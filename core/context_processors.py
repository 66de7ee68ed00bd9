from django.conf import settings
from django.http import HttpRequest

from core.hosts import site_origin
from core.static_copy import is_mirror_copy


def site(request: HttpRequest) -> dict:
    """Who runs the site and where it lives (SITE_URL, its public name; site_origin, the
    address this visitor used, which the page's links name: core/hosts.py), for the
    header, footer and meta tags; how long signers' links work, for the pages that
    explain it; whether the page is rendered for the static copy."""
    return {
        "ORGANISATION_NAME": settings.ORGANISATION_NAME,
        "SITE_URL": settings.SITE_URL,
        "site_origin": site_origin(request),
        "CONFIRMATION_DAYS": settings.SIGNATURE_CONFIRMATION_DAYS,
        "SIGNER_LINK_DAYS": settings.SIGNER_LINK_DAYS,
        # A page of the static copy (core/static_copy.py): no forms, no query strings.
        "mirror_copy": is_mirror_copy(request),
    }
