"""What every task queue needs from the database backend and it does not do itself."""

import datetime
import logging

from django.conf import settings
from django.tasks import TaskResultStatus
from django.utils import timezone

logger = logging.getLogger(__name__)


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
