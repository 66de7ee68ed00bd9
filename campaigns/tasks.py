"""Work done outside the request: sending email. Run by `manage.py db_worker` in
production, inline in development (see TASKS_BACKEND)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.tasks import task
from django.utils import timezone

from campaigns import emails
from campaigns.models import FloodAlert, Signature
from core import cache_keys
from core.tasks import enqueue_soon, requeue_stuck_tasks, send_or_retry, soon_flag_clear

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Kind:
    send: Callable[[Signature], None]
    is_sent: Callable[[Signature], bool]
    sent_field: str


CONFIRMATION = _Kind(
    lambda signature: emails.send_confirmation(signature),
    lambda s: s.is_confirmed or s.confirmation_email_sent_at is not None,
    "confirmation_email_sent_at",
)
# A reminder is due when one was asked for (reminded_at) after the last one was sent.
REMINDER = _Kind(
    lambda signature: emails.send_reminder(signature),
    lambda s: (
        s.reminded_at is None
        or (s.reminder_sent_at is not None and s.reminder_sent_at > s.reminded_at)
    ),
    "reminder_sent_at",
)


def _deliver(kind: _Kind, signature_id: int, attempt: int, retry) -> None:
    """Send one email unless it was sent, then mark it sent: a task run again after its
    worker was killed in the middle (core.tasks.requeue_stuck_tasks) sends it if the
    mail server had not accepted it, and not again if it had. The one window left is
    between the server's answer and the UPDATE that follows it, a few milliseconds; the
    email's Message-ID is the same on both sends, so a mail system that deduplicates
    shows it once. Retried by core.tasks.send_or_retry."""
    signature = Signature.objects.select_related("campaign").filter(pk=signature_id).first()
    if signature is None:
        # Withdrawn or purged before the email went out: nothing to send.
        return
    if kind.is_sent(signature):
        return
    sent = send_or_retry(
        lambda: kind.send(signature),
        retry=retry,
        kwargs={"signature_id": signature_id},
        attempt=attempt,
        what=f"Email for signature {signature_id}",
    )
    if sent:
        Signature.objects.filter(pk=signature_id).update(**{kind.sent_field: timezone.now()})


@task
def send_confirmation_email(signature_id: int, attempt: int = 1) -> None:
    _deliver(CONFIRMATION, signature_id, attempt, send_confirmation_email)


@task
def send_reminder_email(signature_id: int, attempt: int = 1) -> None:
    _deliver(REMINDER, signature_id, attempt, send_reminder_email)


def queue_confirmation_emails_soon() -> None:
    """Ask the worker to take in new signatures and queue their confirmation emails: one
    task for however many signatures arrive before it runs (core.tasks.enqueue_soon)."""
    enqueue_soon(
        queue_confirmation_emails,
        flag=cache_keys.CONFIRMATION_EMAILS_REQUESTED,
        seconds=cache_keys.CONFIRMATION_EMAILS_REQUESTED_SECONDS,
    )


@task
def queue_confirmation_emails() -> None:
    from campaigns import services  # which enqueues this task

    soon_flag_clear(cache_keys.CONFIRMATION_EMAILS_REQUESTED)
    requeue_stuck_tasks()
    services.confirmation_emails_queue()
    # Signatures are arriving: a look for floods, at most once a minute.
    services.flood_alerts_raise_soon()


@task
def send_flood_alert(alert_id: int) -> None:
    """Email staff that a flood passed its alert threshold, unless it was sent already
    (marked once the mail server accepted it, as the signers' emails are)."""
    alert = FloodAlert.objects.select_related("campaign").filter(pk=alert_id).first()
    if alert is None or alert.email_sent_at is not None:
        return
    if emails.send_flood_alert(alert):
        FloodAlert.objects.filter(pk=alert_id).update(email_sent_at=timezone.now())
