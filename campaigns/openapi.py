"""The open data of campaigns/api.py, described for /api/v1/openapi.json (core/openapi.py)."""

from campaigns.models import MIN_PUBLIC_COUNTRY_COUNT, CampaignStatus
from core.openapi import Endpoint, json_body, nullable, ref

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
        "required": ["total", "confirmed_online", "offline", "by_country"],
        "properties": {
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

SCHEMAS = {
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
]
