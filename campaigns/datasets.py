"""The open data of this app, as the open-data page and the data package describe it
(core/datasets.py): the campaigns and their totals. The columns are those
campaigns/api.py writes, in its order."""

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignStatus
from core.datasets import Dataset, Instance, moment, text, whole_number
from core.languages import content_languages

PUBLIC_STATUSES = [status for status in CampaignStatus.values if status != CampaignStatus.DRAFT]


def _titles() -> tuple:
    language_names = dict(settings.LANGUAGES)
    return tuple(
        text(
            f"title_{code}",
            format_lazy(
                _("The title in {language}; empty when it is not written in it."),
                language=language_names[code],
            ),
            required=code == settings.LANGUAGE_CODE,
        )
        for code in content_languages()
    )


CAMPAIGNS = Dataset(
    name="campaigns",
    title=_("Campaigns"),
    description=_(
        "Every public appeal, one a row, with its signature totals: counts only, nothing "
        "about any signer."
    ),
    changes=_("With every confirmed signature; kept by caches for 30 seconds."),
    csv="api:campaigns-csv",
    json="api:campaigns",
    json_note=_(
        "Each campaign's JSON, at /api/v1/campaigns/<slug>/, also has its appeal, the "
        "people it is about and its totals by country (countries with fewer than 5 "
        "signatures grouped together)."
    ),
    primary_key=("slug",),
    columns=(
        text("slug", _("The campaign's short name, in its address."), required=True, unique=True),
        *_titles(),
        text("target", _("Whom the appeal asks to act, in English.")),
        text("status", _("open, closed or won."), choices=PUBLIC_STATUSES, required=True),
        whole_number("goal", _("The number of signatures the campaign aims at."), required=True),
        whole_number("total", _("confirmed_online plus offline."), required=True),
        whole_number(
            "confirmed_online",
            _("Signatures confirmed from the signer's mailbox, not set aside by staff."),
            required=True,
        ),
        whole_number("offline", _("Signatures collected on paper or elsewhere."), required=True),
        moment("opens_at", _("When it starts taking signatures; empty: no date set.")),
        moment("closes_at", _("When it stops taking signatures; empty: no date set.")),
        text(
            "url",
            _("The campaign's address on the site (a relative link in a static copy)."),
            required=True,
        ),
    ),
    position=30,
)


def _public_campaigns() -> list[Instance]:
    return [
        Instance(campaign.slug, campaign.title, {"slug": campaign.slug})
        for campaign in Campaign.objects.public().order_by("created_at", "pk")
    ]


SIGNATURES = Dataset(
    name="signatures",
    title=_("Signatures over time"),
    description=_(
        "Each campaign's confirmed online signatures per hour and per day (UTC), by country "
        "where at least 5; read from the counters, never from the signatures."
    ),
    changes=_("With every confirmed signature; kept by caches for 30 seconds."),
    csv="api:campaign-signatures-csv",
    json="api:campaign-signatures",
    instances=_public_campaigns,
    # No primary key: `country` is empty for the countries grouped together.
    columns=(
        text("interval", _("hour or day."), choices=("hour", "day"), required=True),
        text(
            "start",
            _("The hour's start (2026-11-30T09:00:00Z) or the day (2026-11-30), UTC."),
            required=True,
        ),
        whole_number("total", _("Confirmed online signatures in the hour or day."), required=True),
        text(
            "country",
            _(
                "ISO 3166-1 alpha-2 code; empty: the countries under 5 signatures in the "
                "whole campaign, together."
            ),
        ),
        whole_number("signatures", _("Of those, from this country."), required=True),
    ),
    position=35,
)

DATASETS = [CAMPAIGNS, SIGNATURES]
