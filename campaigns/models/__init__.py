"""The campaigns app's models, one module per idea; importing from `campaigns.models`
keeps working for every name."""

from campaigns.models.abuse import BlockedAddress, BlockedEmailDomain, FloodAlert, FloodKind
from campaigns.models.campaigns import (
    MIN_PUBLIC_COUNTRY_COUNT,
    Campaign,
    CampaignQuerySet,
    CampaignStats,
    CampaignStatus,
    countries_shown,
    next_goal,
    takes_signatures,
)
from campaigns.models.signatures import (
    AWAITING_CONFIRMATION_EMAIL,
    COUNTED,
    LEGACY_LINK_DIGEST_LENGTH,
    CommentStatus,
    SignAttempts,
    Signature,
    SignatureInvalidation,
    SignatureQuerySet,
    email_digest,
    legacy_link_digest,
    normalise_email,
    owner_box_new,
    shown_name,
)
from campaigns.models.tallies import (
    TALLY_SHARDS,
    SignatureHourlyTally,
    SignatureTally,
    hour_of,
)
from campaigns.models.updates import CampaignUpdate, CampaignUpdateQuerySet

__all__ = [
    "AWAITING_CONFIRMATION_EMAIL",
    "COUNTED",
    "LEGACY_LINK_DIGEST_LENGTH",
    "MIN_PUBLIC_COUNTRY_COUNT",
    "TALLY_SHARDS",
    "BlockedAddress",
    "BlockedEmailDomain",
    "Campaign",
    "CampaignQuerySet",
    "CampaignStats",
    "CampaignStatus",
    "CampaignUpdate",
    "CampaignUpdateQuerySet",
    "CommentStatus",
    "FloodAlert",
    "FloodKind",
    "SignAttempts",
    "Signature",
    "SignatureInvalidation",
    "SignatureQuerySet",
    "SignatureHourlyTally",
    "SignatureTally",
    "countries_shown",
    "email_digest",
    "owner_box_new",
    "shown_name",
    "hour_of",
    "legacy_link_digest",
    "next_goal",
    "normalise_email",
    "takes_signatures",
]
