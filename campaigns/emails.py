"""The emails sent to signers, in the language they signed in. Plain text only: no
images, no tracking, nothing that loads from anywhere."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from campaigns import tokens
from campaigns.models import Signature


def _send(signature: Signature, template: str) -> None:
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
        }
        subject = render_to_string(f"campaigns/email/{template}_subject.txt", context)
        body = render_to_string(f"campaigns/email/{template}_body.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [signature.email],
    )


def send_confirmation(signature: Signature) -> None:
    """Ask a new signer to confirm, with the link to withdraw."""
    _send(signature, "confirm")


def send_reminder(signature: Signature) -> None:
    """Tell someone who signed again that their address has already signed: the
    confirmation link again if they have not confirmed, the withdrawal link either way."""
    _send(signature, "reminder")
