"""The mailing figures of /healthz/details (collected by core.health.details)."""

from django.db import DatabaseError

from supporters.models import Delivery, DeliveryStatus, Mailing


def details() -> dict:
    """Mailings sending, and their recipients still waiting: alert if it stops falling."""
    try:
        sending = Mailing.objects.sending().count()
        waiting = Delivery.objects.filter(
            mailing__status="sending", status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
        ).count()
    except DatabaseError:
        return {}
    return {"mailings": {"sending": sending, "recipients_waiting": waiting}}
