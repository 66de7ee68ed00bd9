"""The signing figures of /healthz/details (collected by core.health.details)."""

from django.conf import settings
from django.db import DatabaseError

from campaigns.models import Signature
from core.health import age_seconds


def details() -> dict:
    """Unconfirmed signatures whose confirmation email has not been sent yet (normally
    for a second or two): the emails the task queue owes."""
    if settings.TASKS_BACKEND != "database":
        return {}
    try:
        unsent = Signature.objects.confirmation_email_unsent().order_by("created_at")
        oldest = unsent.values_list("created_at", flat=True).first()
        count = unsent.count()
    except DatabaseError:
        return {}
    return {
        "queue": {
            "signatures_awaiting_email": count,
            "oldest_awaiting_email_seconds": age_seconds(oldest),
        }
    }
