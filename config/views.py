"""Pages that belong to the site as a whole rather than to one app."""

import hmac
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from campaigns.models import Campaign
from config.caching import public_page
from prisoners.models import Person, Status
from stories.models import Story

logger = logging.getLogger(__name__)


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    people = Person.objects.public_profiles()
    counts = Person.objects.public_status_counts()
    context = {
        "campaign": Campaign.objects.accepting_signatures()
        .order_by("-is_featured", "-created_at")
        .first(),
        "status_counts": [
            (value, label, counts[value]) for value, label in Status.choices if counts.get(value)
        ],
        "featured_people": people.filter(is_featured=True)[:6],
        "stories": Story.objects.latest()[:3],
    }
    return render(request, "home.html", context)


@require_safe
@cache_control(public=True, max_age=3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Links from signers' emails: never to be crawled or indexed.
        "Disallow: /*/campaigns/confirm/",
        "Disallow: /*/campaigns/withdraw/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html")


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: can this process serve? 503 when the database or the cache
    does not answer. Public, so it says ok or not ok and nothing else: any figure that
    moves when someone signs (emails waiting, say) would tell a stranger whether an
    address had signed before. The figures are at healthz/details, for monitoring."""
    healthy = _check_database() == "ok" and _check_cache() == "ok"
    return JsonResponse({"status": "ok" if healthy else "error"}, status=200 if healthy else 503)


@require_safe
@never_cache
def healthz_details(request: HttpRequest) -> JsonResponse:
    """The database, the cache and the task queue, for monitoring and for the operator:
    with `Authorization: Bearer <HEALTHZ_TOKEN>`, or signed in as a superuser."""
    if not _may_see_health_details(request):
        return JsonResponse(
            {"detail": "Send Authorization: Bearer <HEALTHZ_TOKEN>, or sign in as a superuser."},
            status=403,
        )
    report = {"database": _check_database(), "cache": _check_cache(), "queue": _check_queue()}
    healthy = report["database"] == "ok" and report["cache"] == "ok"
    report["status"] = "ok" if healthy else "error"
    return JsonResponse(report, status=200 if healthy else 503)


def _may_see_health_details(request: HttpRequest) -> bool:
    token = settings.HEALTHZ_TOKEN
    scheme, _space, offered = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(offered, token):
        return True
    return request.user.is_superuser


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return "unavailable"
    return "ok"


def _check_cache() -> str:
    try:
        cache.set("healthz", "ok", 10)
        answer = cache.get("healthz")
    except Exception:  # any backend's connection error
        logger.exception("Health check: the cache does not answer")
        return "unavailable"
    return "ok" if answer == "ok" else "unavailable"


def _check_queue() -> dict:
    """Emails waiting for the worker: queued tasks, tasks whose worker stopped while
    running them (the scheduled queue_confirmation_emails runs them again), and
    unconfirmed signatures whose confirmation email has not been sent yet (normally for
    a second or two)."""
    if settings.TASKS_BACKEND != "database":
        return {"backend": settings.TASKS_BACKEND}
    from django_tasks_db.models import DBTaskResult

    from campaigns.models import Signature

    stuck_before = timezone.now() - timezone.timedelta(seconds=settings.TASK_STUCK_SECONDS)
    try:
        waiting = DBTaskResult.objects.ready().order_by("enqueued_at")
        oldest = waiting.values_list("enqueued_at", flat=True).first()
        count = waiting.count()
        stuck = DBTaskResult.objects.running().filter(started_at__lt=stuck_before).count()
        unsent = Signature.objects.confirmation_email_unsent().order_by("created_at")
        oldest_signature = unsent.values_list("created_at", flat=True).first()
        signatures = unsent.count()
    except DatabaseError:
        return {"backend": "database", "status": "unavailable"}
    return {
        "backend": "database",
        "waiting": count,
        "oldest_waiting_seconds": _age(oldest),
        "stuck": stuck,
        "signatures_awaiting_email": signatures,
        "oldest_awaiting_email_seconds": _age(oldest_signature),
    }


def _age(moment) -> int:
    return int((timezone.now() - moment).total_seconds()) if moment else 0
