"""Pages that belong to the site as a whole rather than to one app."""

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from campaigns.models import Campaign
from core import datasets, health, schema_org, signed_manifest
from core.hosts import site_origin
from core.opendata import API_PATH, not_found
from core.page_cache import public_page
from core.schema_org import links_origin
from prisoners.models import Person, Status
from stories.models import Story


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
        # Who runs the site, and the site: described here, named by @id elsewhere.
        "schema_org": [
            schema_org.organisation(links_origin(request)),
            schema_org.website(links_origin(request)),
        ],
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
        # A random draw on each request: nothing for an index, and a crawler's requests
        # would only cost queries.
        "Disallow: /*/prisoners/letters/suggest/",
        f"Sitemap: {site_origin(request)}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html")


@require_safe
@public_page
def open_data(request: HttpRequest) -> HttpResponse:
    """Every dataset of the open data (core/datasets.py): what it is, how often it
    changes, its columns explained and its files, with the licence and the descriptions
    for programs (the data package, the API's OpenAPI description)."""
    context = {
        "datasets": [(dataset, dataset.files()) for dataset in datasets.datasets()],
        "licence": datasets.licence(),
        "openapi_path": _path_if_served("api:openapi"),
    }
    return render(request, "sitewide/open_data.html", context)


def _path_if_served(url_name: str) -> str:
    """The path of a URL name, or "" while the site has no such address (so that the page
    links to it once it exists, and never to a missing one)."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: can this process serve? 503 when the database or the cache
    does not answer. Public, so it says ok or not ok and nothing else: any figure that
    moves when someone signs (emails waiting, say) would tell a stranger whether an
    address had signed before. The figures are at healthz/details, for monitoring."""
    healthy = health.database() == "ok" and health.cache_status() == "ok"
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
    report = health.details()
    healthy = report["database"] == "ok" and report["cache"] == "ok"
    report["status"] = "ok" if healthy else "error"
    return JsonResponse(report, status=200 if healthy else 503)


def _may_see_health_details(request: HttpRequest) -> bool:
    token = settings.HEALTHZ_TOKEN
    scheme, _space, offered = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(offered, token):
        return True
    return request.user.is_superuser


@require_safe
@cache_control(public=True, max_age=3600)
def mirror_key(request: HttpRequest) -> HttpResponse:
    """The public key that signs the static copies, for a mirror operator to check one
    (docs/deploy.md, "Checking a copy")."""
    key = signed_manifest.published_public_key()
    if key is None:
        raise Http404("No key is published.")
    return HttpResponse(
        signed_manifest.public_key_pem(key), content_type="text/plain; charset=us-ascii"
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 page, but under /api/ the open data's 404 (problem details that any
    site may read), also for an address no route matches."""
    if request.path.startswith(API_PATH):
        return not_found()
    return defaults.page_not_found(request, exception)
