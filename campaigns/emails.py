"""The emails sent to signers, in the language they signed in. Plain text only: no
images, no tracking, nothing that loads from anywhere. Nothing a signer typed is put in
them: anyone can type someone else's address into the sign form, and a "name" such as
"Your account is locked, go to …" must not reach that mailbox in the organisation's
words."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from campaigns import tokens
from campaigns.models import FloodAlert, FloodKind, Signature


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"


def _message_id(signature: Signature, kind: str) -> str:
    """The same Message-ID whenever this email is sent again, so that a rare resend (a
    worker killed just after the mail server accepted it) can be recognised as one."""
    return f"<{kind}.{signature.public_id}@{_domain()}>"


def _send(signature: Signature, template: str, message_id: str) -> None:
    with translation.override(signature.language):
        context = {
            "signature": signature,
            "campaign": signature.campaign,
            "confirm_url": settings.SITE_URL
            + reverse("campaigns:confirm", kwargs={"token": tokens.confirm_token(signature)}),
            "withdraw_url": settings.SITE_URL
            + reverse("campaigns:withdraw", kwargs={"token": tokens.withdraw_token(signature)}),
            "campaign_url": settings.SITE_URL + signature.campaign.get_absolute_url(),
            "ORGANISATION_NAME": settings.ORGANISATION_NAME,
            "confirmation_days": settings.SIGNATURE_CONFIRMATION_DAYS,
            "link_days": settings.SIGNER_LINK_DAYS,
        }
        subject = render_to_string(f"campaigns/email/{template}_subject.txt", context)
        body = render_to_string(f"campaigns/email/{template}_body.txt", context)
    EmailMessage(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [signature.email],
        headers={"Message-ID": message_id},
    ).send()


def send_confirmation(signature: Signature) -> None:
    """Ask a new signer to confirm, with the link to withdraw."""
    _send(signature, "confirm", _message_id(signature, "confirm"))


def send_reminder(signature: Signature) -> None:
    """Tell someone who signed again (or asked for fresh links) that their address has
    signed: the confirmation link again if they have not confirmed, the withdrawal link
    either way."""
    asked = signature.reminded_at.strftime("%Y%m%d%H%M%S") if signature.reminded_at else "0"
    _send(signature, "reminder", _message_id(signature, f"reminder.{asked}"))


def flood_alert_recipients() -> list[str]:
    """FLOOD_ALERT_EMAILS, or every active superuser with an address."""
    if settings.FLOOD_ALERT_EMAILS:
        return list(settings.FLOOD_ALERT_EMAILS)
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="")
    return sorted(users.values_list("email", flat=True))


def send_flood_alert(alert: FloodAlert) -> bool:
    """Tell staff of a possible flood, with the link to review it in the admin; False if
    nobody is there to tell. In the site's default language: staff read the admin in it."""
    recipients = flood_alert_recipients()
    if not recipients:
        return False
    hour = alert.hour
    filters = {
        "campaign__id__exact": alert.campaign_id,
        "created_at__gte": hour.isoformat(),
        "created_at__lt": (hour + datetime.timedelta(hours=1)).isoformat(),
        ("ip_hash" if alert.kind == FloodKind.IP else "email_domain"): alert.key,
    }
    review_url = (
        settings.OFFICE_URL
        + reverse("admin:campaigns_signature_changelist")
        + "?"
        + urlencode(filters)
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "alert": alert,
            "campaign": alert.campaign,
            "hour": timezone.localtime(hour),
            "review_url": review_url,
            "ORGANISATION_NAME": settings.ORGANISATION_NAME,
        }
        subject = render_to_string("campaigns/email/flood_alert_subject.txt", context)
        body = render_to_string("campaigns/email/flood_alert_body.txt", context)
    EmailMessage(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
        headers={"Message-ID": f"<flood-alert.{alert.pk}@{_domain()}>"},
    ).send()
    return True
