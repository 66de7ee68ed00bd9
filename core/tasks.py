"""What every task queue needs from the database backend and it does not do itself, and
the one way an email task retries."""

import datetime
import logging
import smtplib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.tasks import Task, TaskResultStatus, default_task_backend
from django.utils import timezone

logger = logging.getLogger(__name__)

# An email task's attempts, 2, 4, 8, 16 and 32 minutes apart: about an hour in all.
MAX_ATTEMPTS = 6


class EmailNotSent(Exception):
    """An email that failed for good. Carries what it was for (a row's id) and the kind
    of error, never the SMTP error's text, which can quote the address."""


def send_or_retry(
    send: Callable[[], None], *, retry: Task, kwargs: dict, attempt: int, what: str
) -> bool:
    """Send one email (`send`); returns True once the mail server accepted it. A failure
    (SMTP or network) queues `retry` with `kwargs` and the next attempt after a doubling
    wait; after MAX_ATTEMPTS, or on a backend that cannot wait (inline in development),
    raises EmailNotSent, so the task's result shows it failed. `what` names the email in
    logs ("Follow confirmation 12"), never by its address."""
    try:
        send()
    except (smtplib.SMTPException, OSError) as error:
        failure = f"{type(error).__name__} on attempt {attempt}"
    else:
        return True
    if attempt >= MAX_ATTEMPTS or not default_task_backend.supports_defer:
        raise EmailNotSent(f"{what} not sent: {failure}")
    delay = datetime.timedelta(minutes=2**attempt)
    logger.warning("%s: %s; retrying in %s", what, failure, delay)
    retry.using(run_after=timezone.now() + delay).enqueue(**kwargs, attempt=attempt + 1)
    return False


def requeue_stuck_tasks() -> int:
    """Put tasks whose worker died while running them (SIGKILL, a lost machine) back in
    the queue; returns how many. The database backend marks a task RUNNING when a
    worker takes it and nothing ever takes it back if that worker dies, so its work
    would be lost. Only for tasks that are safe to run twice: ours check, before they
    act, whether their work was already done (campaigns.tasks._deliver)."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - datetime.timedelta(seconds=settings.TASK_STUCK_SECONDS)
    count = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("Requeued %s tasks whose worker stopped while running them", count)
    return count


def tasks_in_hand(
    task_path: str, kwargs: dict, *, due_by: datetime.datetime, started_after: datetime.datetime
) -> int:
    """How many tasks of this function with these keyword arguments another worker has
    in hand: queued to run by `due_by`, or running since `started_after` (an older
    running one lost its worker). Only counts: a task that keeps a fixed number of
    workers on a long job (supporters.tasks) uses it to start as many as are missing.
    0 on backends without a queue."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    lookups = {f"args_kwargs__kwargs__{name}": value for name, value in kwargs.items()}
    tasks = DBTaskResult.objects.filter(task_path=task_path, **lookups)
    ready = tasks.filter(status=TaskResultStatus.READY, run_after__lte=due_by)
    running = tasks.filter(status=TaskResultStatus.RUNNING, started_at__gte=started_after)
    return ready.count() + running.count()


def enqueue_soon(task: Task, *, flag: str, seconds: int) -> None:
    """Ask the worker to run `task` (which takes no argument) once for however many
    calls arrive before it runs: the first call sets `flag` in the cache and enqueues,
    the others find it set. The task clears the flag (`soon_flag_clear`) before it reads
    its rows, so that a row stored before a call is seen by the task that call, or an
    earlier one still waiting, enqueued. The flag expires after `seconds` in case the
    enqueue failed; a scheduled command is the safety net."""
    if cache.add(flag, True, timeout=seconds):
        task.enqueue()


def soon_flag_clear(flag: str) -> None:
    """What a task enqueued by `enqueue_soon` does first."""
    cache.delete(flag)
