"""What /healthz and /healthz/details check: the database, the cache and the task
queue. Domain apps add their own figures in a `health` module of their own, with a
`details()` that returns sections to merge (campaigns/health.py); the site-wide app
collects them."""

import datetime
import logging
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone

from core import cache_keys

logger = logging.getLogger(__name__)


def database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return "unavailable"
    return "ok"


def cache_status() -> str:
    try:
        cache.set(cache_keys.HEALTH_PROBE, "ok", cache_keys.HEALTH_PROBE_SECONDS)
        answer = cache.get(cache_keys.HEALTH_PROBE)
    except Exception:  # any backend's connection error
        logger.exception("Health check: the cache does not answer")
        return "unavailable"
    return "ok" if answer == "ok" else "unavailable"


def cache_mode() -> str:
    """ "shared" (Redis answers), "process memory: Redis does not answer" (the site works,
    but rate limits and login throttling count per process: see the logs), or "process
    memory" (no REDIS_URL)."""
    falling_back = getattr(cache, "is_falling_back", None)
    if falling_back is None:
        return "process memory"
    return "process memory: Redis does not answer" if falling_back else "shared"


def task_queue() -> dict:
    """Tasks waiting for the worker, and tasks whose worker stopped while running them
    (core.tasks.requeue_stuck_tasks runs them again)."""
    if settings.TASKS_BACKEND != "database":
        return {"backend": settings.TASKS_BACKEND}
    from django_tasks_db.models import DBTaskResult

    stuck_before = timezone.now() - datetime.timedelta(seconds=settings.TASK_STUCK_SECONDS)
    try:
        waiting = DBTaskResult.objects.ready().order_by("enqueued_at")
        oldest = waiting.values_list("enqueued_at", flat=True).first()
        count = waiting.count()
        stuck = DBTaskResult.objects.running().filter(started_at__lt=stuck_before).count()
    except DatabaseError:
        return {"backend": "database", "status": "unavailable"}
    return {
        "backend": "database",
        "waiting": count,
        "oldest_waiting_seconds": age_seconds(oldest),
        "stuck": stuck,
    }


def details() -> dict:
    """Every check, with each installed app's own figures merged into its section."""
    report = {
        "database": database(),
        "cache": cache_status(),
        "cache_mode": cache_mode(),
        "queue": task_queue(),
    }
    for app in apps.get_app_configs():
        module_name = f"{app.name}.health"
        if app.name != __package__ and find_spec(module_name) is not None:
            for section, figures in import_module(module_name).details().items():
                report[section] = report.get(section, {}) | figures
    return report


def age_seconds(moment: datetime.datetime | None) -> int:
    return int((timezone.now() - moment).total_seconds()) if moment else 0
