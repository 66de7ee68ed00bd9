from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """Who runs the site and where it lives, for the header, footer and meta tags; how
    long signers' links work, for the pages that explain it."""
    return {
        "ORGANISATION_NAME": settings.ORGANISATION_NAME,
        "SITE_URL": settings.SITE_URL,
        "CONFIRMATION_DAYS": settings.SIGNATURE_CONFIRMATION_DAYS,
        "SIGNER_LINK_DAYS": settings.SIGNER_LINK_DAYS,
    }
