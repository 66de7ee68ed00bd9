"""The open data of campaigns/api.py, described for /api/v1/openapi.json (core/openapi.py)."""

from campaigns.api import CSV_COLUMNS, SIGNATURES_CSV_COLUMNS
from campaigns.models import MIN_PUBLIC_COUNTRY_COUNT, CampaignStatus
from core.openapi import Endpoint, csv_body, json_body, nullable, ref

TAG = "Campaigns"
COUNT = {"type": "integer", "minimum": 0}
LINK = {"type": "string", "format": "uri"}
SUMMARY_PROPERTIES = {
    "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
    "title": ref("Translated"),
    "target": ref("Translated", "Whom the appeal is addressed to."),
    "status": {
        "enum": [status for status in CampaignStatus.values if status != CampaignStatus.DRAFT]
    },  # fmt: skip
    "goal": COUNT | {"description": "The signatures the campaign asks for."},
    "total": COUNT
    | {
        "description": (
            "Confirmed online signatures plus signatures collected on paper; it may lag "
            "the truth by a few seconds."
        )
    },
    "url": LINK | {"description": "The campaign's page, in English."},
    "api_url": LINK | {"description": "This campaign in the open data."},
}
DETAIL_PROPERTIES = {
    "summary": ref("Translated"),
    "appeal_markdown": ref("Translated", "The appeal's text as written, in Markdown."),
    "opens_at": nullable({"type": "string", "format": "date-time"})
    | {"description": "When it takes signatures from; null: since it opened."},
    "closes_at": nullable({"type": "string", "format": "date-time"})
    | {"description": "When it stops taking them; null: no end set."},
    "signatures": {
        "type": "object",
        "required": [
            "total",
            "confirmed_online",
            "offline",
            "by_country",
            "over_time_url",
            "over_time_csv_url",
        ],  # fmt: skip
        "properties": {
            "over_time_url": LINK | {"description": "Its signatures per hour and per day."},
            "over_time_csv_url": LINK | {"description": "The same as CSV."},
            "total": COUNT,
            "confirmed_online": COUNT,
            "offline": COUNT | {"description": "Signatures collected on paper."},
            "by_country": {
                "type": "object",
                "description": (
                    "Confirmed online signatures by the country signers gave (ISO 3166-1 "
                    f'alpha-2). The key `""` holds every country with fewer than '
                    f"{MIN_PUBLIC_COUNTRY_COUNT} signatures, so that no small count points "
                    "at a person."
                ),
                "propertyNames": {"pattern": "^([A-Z]{2})?$"},
                "additionalProperties": COUNT,
            },
        },
    },
    "prisoners": {
        "type": "array",
        "description": "The open data of the published profiles the campaign is about.",
        "items": LINK,
    },
}

BY_COUNTRY_IN_PERIOD = {
    "type": "object",
    "description": (
        'Signatures by ISO 3166-1 alpha-2 code; the key `""` holds the countries with fewer '
        f"than {MIN_PUBLIC_COUNTRY_COUNT} signatures in the campaign's whole total, together."
    ),
    "propertyNames": {"pattern": "^([A-Z]{2})?$"},
    "additionalProperties": {"type": "integer", "minimum": 1},
}


def _periods(start: dict, what: str) -> dict:
    return {
        "type": "array",
        "description": f"One item per {what} with a confirmed signature, oldest first.",
        "items": {
            "type": "object",
            "required": ["start", "total", "by_country"],
            "properties": {
                "start": start,
                "total": {"type": "integer", "minimum": 1},
                "by_country": BY_COUNTRY_IN_PERIOD,
            },
        },
    }


SIGNATURES_PROPERTIES = {
    "campaign": LINK | {"description": "The campaign in the open data."},
    "timezone": {"const": "UTC"},
    "total": COUNT | {"description": "Confirmed online signatures: the sum of every hour."},
    "min_country_count": {"type": "integer", "minimum": 1},
    "countries": {
        "type": "array",
        "description": "The countries named on their own, by ISO 3166-1 alpha-2 code.",
        "items": {"type": "string", "pattern": "^[A-Z]{2}$"},
    },
    "hours": _periods(
        {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:00:00Z$"}, "hour"
    ),
    "days": _periods({"type": "string", "format": "date"}, "UTC day"),
    "csv_url": LINK | {"description": "The same as CSV."},
}

SCHEMAS = {
    "CampaignSignatures": {
        "type": "object",
        "description": (
            "A campaign's confirmed online signatures per hour and per day, read from the "
            "counters. Empty hours and days are left out."
        ),
        "required": list(SIGNATURES_PROPERTIES),
        "properties": SIGNATURES_PROPERTIES,
    },
    "CampaignSummary": {
        "type": "object",
        "description": "A public campaign (every one but drafts) with its total.",
        "required": list(SUMMARY_PROPERTIES),
        "properties": SUMMARY_PROPERTIES,
    },
    "CampaignList": {
        "type": "object",
        "required": ["results"],
        "properties": {"results": {"type": "array", "items": ref("CampaignSummary")}},
    },
    "Campaign": {
        "type": "object",
        "description": "One campaign: the summary's fields, its texts and its signatures.",
        "required": [*SUMMARY_PROPERTIES, *DETAIL_PROPERTIES],
        "properties": SUMMARY_PROPERTIES | DETAIL_PROPERTIES,
    },
}

ENDPOINTS = [
    Endpoint(
        "api:campaigns",
        tag=TAG,
        summary="Every public campaign, open ones first, with its total.",
        description="At most 200, the most relevant first. Never any signer's personal data.",
        content=json_body(ref("CampaignList")),
        max_age=30,
    ),
    Endpoint(
        "api:campaign",
        tag=TAG,
        summary="One campaign, its texts and its signatures by country.",
        description="Never any signer's personal data: totals and counts by country only.",
        content=json_body(ref("Campaign")),
        max_age=30,
        path_parameters={"slug": "The campaign's slug. Unknown or a draft: 404."},
    ),
    Endpoint(
        "api:campaigns-csv",
        tag=TAG,
        summary="Every public campaign and its totals, one a row.",
        description=(
            "`total` is `confirmed_online` plus `offline`; the totals by country are in each "
            "campaign's JSON. Never any signer's personal data."
        ),
        content=csv_body(CSV_COLUMNS),
        max_age=30,
        filename="campaigns.csv",
    ),
    Endpoint(
        "api:campaign-signatures",
        tag=TAG,
        summary="One campaign's confirmed signatures per hour and per day, by country.",
        description=(
            "Times in UTC; a signature counts in the hour its emailed link was confirmed. "
            "Read from the counter rows, never from the signatures, and cached."
        ),
        content=json_body(ref("CampaignSignatures")),
        max_age=30,
        path_parameters={"slug": "The campaign's slug. Unknown or a draft: 404."},
    ),
    Endpoint(
        "api:campaign-signatures-csv",
        tag=TAG,
        summary="The same as CSV: one row per hour or day and country.",
        description=(
            "`interval` is `hour` or `day`; `start` the hour's start or the day (UTC); "
            "`total` the period's total, repeated on each of its rows; `country` empty for "
            "the countries grouped together; `signatures` that country's part."
        ),
        content=csv_body(SIGNATURES_CSV_COLUMNS),
        max_age=30,
        path_parameters={"slug": "The campaign's slug. Unknown or a draft: 404."},
    ),
]
