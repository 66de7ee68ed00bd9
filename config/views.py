"""Pages that belong to the site as a whole rather than to one app."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from campaigns.models import Campaign
from prisoners.models import Person, Status
from stories.models import Story

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    people = Person.objects.public_profiles()
    counts = people.count_by_status()
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


@require_GET
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


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Tell a load balancer whether this process can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
