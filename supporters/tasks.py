"""The worker's tasks: sending a mailing, taking in the follow requests that the public
host stored, and the emails of a follow (its confirmation, fresh links), retried as
every email task is (core.tasks.send_or_retry). Run by `manage.py db_worker` in
production, inline in development (TASKS_BACKEND).

A mailing is sent by MAILING_WORKERS tasks at once, each working for SLICE_SECONDS and
then queueing the next: so a pause takes effect within a batch, a retry waits in the
queue rather than in a worker, and when a worker is killed the others start a task in
its place (a task still running LOST_AFTER_SECONDS after it started has lost its
worker: a slice and its last batch take far less). How many tasks
run never decides who gets an email: the delivery rows do (supporters.sending).
"""

import datetime
import logging
import time

from django.conf import settings
from django.db.models import F, Q
from django.tasks import default_task_backend, task
from django.utils import timezone

from audience.models import Subscription
from core import cache_keys
from core.tasks import (
    enqueue_soon,
    requeue_stuck_tasks,
    send_or_retry,
    soon_flag_clear,
    tasks_in_hand,
)
from supporters import emails, sending
from supporters.models import Mailing, MailingStatus

logger = logging.getLogger(__name__)

SLICE_SECONDS = 20
# A task running this long has lost its worker (a batch takes about a second). Counting a
# slow live one as lost only starts one task too many, which finds its share of work.
LOST_AFTER_SECONDS = SLICE_SECONDS + 10


def mailing_send_soon(mailing_id: int) -> None:
    """Start the workers on a mailing (after its transaction commits)."""
    workers = settings.MAILING_WORKERS if default_task_backend.supports_defer else 1
    for _ in range(workers):
        send_mailing.enqueue(mailing_id=mailing_id)


@task
def send_mailing(mailing_id: int) -> None:
    """Send a mailing's waiting recipients for a slice of time, then queue what comes
    next. Inline (no queue to come back to), it sends everything at once."""
    queued = default_task_backend.supports_defer
    stop_at = time.monotonic() + SLICE_SECONDS
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None or mailing.status != MailingStatus.SENDING:
        return
    sending.release_stale_claims(mailing_id)
    builder = emails.MessageBuilder(mailing)
    wait = 0.0
    while not queued or time.monotonic() < stop_at:
        result = sending.send_batch(mailing, builder, settings.MAILING_BATCH_SIZE)
        if result.wait:
            if queued:
                wait = result.wait
                break
            time.sleep(result.wait)
            continue
        if result.connection_lost or not result.claimed:
            break
    if sending.mailing_finish_if_done(mailing_id) or not queued:
        return
    _queue_next(mailing_id, wait)


def _queue_next(mailing_id: int, wait: float) -> None:
    """Keep MAILING_WORKERS tasks on the mailing while recipients wait now; one, later,
    for the next retry or the claims of a stopped worker."""
    if not Mailing.objects.filter(pk=mailing_id, status=MailingStatus.SENDING).exists():
        return
    due = sending.next_due(mailing_id)
    if due is None:
        return
    now = timezone.now()
    run_after = max(due, now + datetime.timedelta(seconds=wait))
    in_hand = tasks_in_hand(
        send_mailing.module_path,
        {"mailing_id": mailing_id},
        due_by=run_after,
        started_after=now - datetime.timedelta(seconds=LOST_AFTER_SECONDS),
    )
    # This task is still running and counted among those in hand.
    others = max(0, in_hand - 1)
    wanted = settings.MAILING_WORKERS if run_after <= now else 1
    for _ in range(max(0, wanted - others)):
        if run_after <= now:
            send_mailing.enqueue(mailing_id=mailing_id)
        else:
            send_mailing.using(run_after=run_after).enqueue(mailing_id=mailing_id)


def queue_mailings() -> int:
    """Start a task on every mailing that is sending and has nobody on it (after a
    worker was killed, or a retry in development): the safety net that the scheduled
    `queue_mailings` command runs. Returns how many mailings it woke."""
    requeue_stuck_tasks()
    woken = 0
    for mailing_id in Mailing.objects.sending().values_list("pk", flat=True):
        now = timezone.now()
        due = sending.next_due(mailing_id)
        if due is None:
            sending.mailing_finish_if_done(mailing_id)
            continue
        in_hand = tasks_in_hand(
            send_mailing.module_path,
            {"mailing_id": mailing_id},
            due_by=max(due, now),
            started_after=now - datetime.timedelta(seconds=LOST_AFTER_SECONDS),
        )
        if not in_hand and due <= now:
            mailing_send_soon(mailing_id)
            woken += 1
    return woken


def follow_intake_soon() -> None:
    """Ask the worker to take in the follow requests (after the one just stored): one
    task for however many requests arrive before it runs (core.tasks.enqueue_soon); the
    scheduled `queue_mailings` is the safety net."""
    enqueue_soon(
        take_in_follow_requests,
        flag=cache_keys.FOLLOW_INTAKE_REQUESTED,
        seconds=cache_keys.FOLLOW_INTAKE_REQUESTED_SECONDS,
    )


@task
def take_in_follow_requests() -> None:
    """The office's intake of follow requests (supporters.services)."""
    from supporters import services  # which enqueues this task

    soon_flag_clear(cache_keys.FOLLOW_INTAKE_REQUESTED)
    services.follow_requests_take_in()


@task
def send_follow_confirmation(subscription_id: int, attempt: int = 1) -> None:
    """Email the link that confirms a follow, unless it was sent since it was last asked
    for; marked sent only once the mail server accepted it (core.tasks.send_or_retry)."""
    subscription = (
        Subscription.objects.select_related("supporter", "target_type")
        .filter(pk=subscription_id, confirmed_at__isnull=True)
        .filter(
            Q(confirmation_sent_at__isnull=True)
            | Q(confirmation_sent_at__lt=F("confirmation_requested_at"))
        )
        .first()
    )
    if subscription is None:
        return
    sent = send_or_retry(
        lambda: emails.send_follow_confirmation(subscription),
        retry=send_follow_confirmation,
        kwargs={"subscription_id": subscription_id},
        attempt=attempt,
        what=f"Follow confirmation {subscription_id}",
    )
    if sent:
        Subscription.objects.filter(pk=subscription_id).update(confirmation_sent_at=timezone.now())


@task
def send_follower_links(subscription_id: int, attempt: int = 1) -> None:
    """Email a follower fresh links (asked for from an expired one). Nothing if the
    follow is gone."""
    subscription = (
        Subscription.objects.select_related("supporter", "target_type")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is not None:
        send_or_retry(
            lambda: emails.send_follower_links(subscription),
            retry=send_follower_links,
            kwargs={"subscription_id": subscription_id},
            attempt=attempt,
            what=f"Links of follow {subscription_id}",
        )
