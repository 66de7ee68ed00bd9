"""Open data: campaigns and their totals as JSON and CSV. Never any signer's personal
data. Documented in docs/api.md."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from campaigns.models import MIN_PUBLIC_COUNTRY_COUNT, Campaign
from campaigns.timeseries import Period, SignatureSeries, iso_start, signature_series
from core.hosts import site_origin
from core.languages import localized_fields
from core.opendata import in_every_language, json_response, open_data
from core.spreadsheets import csv_writer


def campaign_summary(campaign: Campaign, total: int, origin: str) -> dict:
    """A campaign's summary, its links on `origin` (core.hosts.site_origin)."""
    return {
        "slug": campaign.slug,
        "title": in_every_language(campaign, "title"),
        "target": in_every_language(campaign, "target"),
        "status": campaign.status,
        "goal": campaign.goal,
        "total": total,
        "url": origin + campaign.get_absolute_url(),
        "api_url": origin + reverse("api:campaign", kwargs={"slug": campaign.slug}),
    }


def campaign_detail_data(campaign: Campaign, origin: str) -> dict:
    stats = campaign.stats()
    return campaign_summary(campaign, stats.total, origin) | {
        "summary": in_every_language(campaign, "summary"),
        "appeal_markdown": in_every_language(campaign, "appeal"),
        "opens_at": campaign.opens_at.isoformat() if campaign.opens_at else None,
        "closes_at": campaign.closes_at.isoformat() if campaign.closes_at else None,
        "signatures": {
            "total": stats.total,
            "confirmed_online": stats.online,
            "offline": stats.offline,
            # Countries with too few signatures to show alone are grouped under "".
            "by_country": dict(stats.by_country),
            "over_time_url": origin
            + reverse("api:campaign-signatures", kwargs={"slug": campaign.slug}),
            "over_time_csv_url": origin
            + reverse("api:campaign-signatures-csv", kwargs={"slug": campaign.slug}),
        },
        "prisoners": [
            origin + reverse("api:prisoner", kwargs={"slug": person.slug})
            for person in campaign.prisoners.all()
            if person.is_published
        ],
    }


@open_data(max_age=30)
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = Campaign.objects.public().with_online_total().by_relevance()[:200]
    origin = site_origin(request)
    return json_response(
        {
            "results": [
                campaign_summary(c, c.online_total + c.offline_signatures, origin)
                for c in campaigns
            ]
        }
    )


@open_data(max_age=30)
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.public().prefetch_related("prisoners"), slug=slug)
    return json_response(campaign_detail_data(campaign, site_origin(request)))


def _public_campaign(slug: str) -> Campaign:
    return get_object_or_404(Campaign.objects.public(), slug=slug)


def _period_data(period: Period) -> dict:
    return {"start": iso_start(period), "total": period.total, "by_country": period.by_country}


def signatures_data(campaign: Campaign, series: SignatureSeries, origin: str) -> dict:
    """A campaign's confirmed online signatures per hour and per day (campaigns.timeseries)."""
    return {
        "campaign": origin + reverse("api:campaign", kwargs={"slug": campaign.slug}),
        "timezone": "UTC",
        "total": series.total,
        "min_country_count": MIN_PUBLIC_COUNTRY_COUNT,
        "countries": series.countries,
        "hours": [_period_data(period) for period in series.hours],
        "days": [_period_data(period) for period in series.days],
        "csv_url": origin + reverse("api:campaign-signatures-csv", kwargs={"slug": campaign.slug}),
    }


@open_data(max_age=30)
def campaign_signatures(request: HttpRequest, slug: str) -> HttpResponse:
    """Signatures per hour and per day, by country: read from the counter rows (never the
    signatures) and cached, so that it is cheap during a spike."""
    campaign = _public_campaign(slug)
    return json_response(
        signatures_data(campaign, signature_series(campaign), site_origin(request))
    )


SIGNATURES_CSV_COLUMNS = ["interval", "start", "total", "country", "signatures"]


def signatures_rows(series: SignatureSeries) -> list[list]:
    """One row per hour or day and country ("" for the other countries together), the
    total of the hour or day repeated on each of its rows; hours first, then days."""
    return [
        [interval, iso_start(period), period.total, country, n]
        for interval, periods in (("hour", series.hours), ("day", series.days))
        for period in periods
        for country, n in period.by_country.items()
    ]


@open_data(max_age=30)
def campaign_signatures_csv(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _public_campaign(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"signatures-over-time-{campaign.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv_writer(response)
    writer.writerow(SIGNATURES_CSV_COLUMNS)
    writer.writerows(signatures_rows(signature_series(campaign)))
    return response


CSV_COLUMNS = ["slug", *localized_fields("title"), "target", "status", "goal", "total",
               "confirmed_online", "offline", "opens_at", "closes_at", "url"]  # fmt: skip


@open_data(max_age=30)
def campaign_csv(request: HttpRequest) -> HttpResponse:
    """Every public campaign and its totals, one a row (the totals by country: the
    JSON of each campaign)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="campaigns.csv"'
    writer = csv_writer(response)
    writer.writerow(CSV_COLUMNS)
    origin = site_origin(request)
    target = f"target_{settings.LANGUAGE_CODE}"
    campaigns = Campaign.objects.public().with_online_total().order_by("created_at", "pk")
    for campaign in campaigns.iterator(chunk_size=1000):
        writer.writerow(
            [
                campaign.slug,
                *(getattr(campaign, field) or "" for field in localized_fields("title")),
                getattr(campaign, target) or "",
                campaign.status,
                campaign.goal,
                campaign.online_total + campaign.offline_signatures,
                campaign.online_total,
                campaign.offline_signatures,
                campaign.opens_at.isoformat() if campaign.opens_at else "",
                campaign.closes_at.isoformat() if campaign.closes_at else "",
                origin + campaign.get_absolute_url(),
            ]
        )
    return response
