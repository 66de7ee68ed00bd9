"""Open data: campaigns and their totals as JSON. Never any signer's personal data."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from campaigns.models import Campaign
from core.hosts import site_origin
from core.opendata import in_every_language, json_response, open_data


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
