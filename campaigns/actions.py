"""The first kind of action: sign the appeal (core.actions). Its pages, form, emails and
counts are the campaign's own (campaigns.views, services, emails); this module only
declares them, and lends the staff's block list of addresses to every kind."""

from django.utils.translation import gettext_lazy as _

from campaigns import blocklists
from campaigns.models import Campaign, Signature
from core.actions import ActionKind


def _offered(campaign: Campaign) -> Campaign:
    """Every campaign is an appeal to sign (its partial says when it takes no more)."""
    return campaign


def _counted(campaign: Campaign) -> int:
    return campaign.stats().total


KINDS = [
    ActionKind(
        code="sign",
        label=_("Sign the appeal"),
        template="campaigns/campaign_detail.html#sign-action",
        offered=_offered,
        stored=Signature,
        counted=_counted,
        position=10,
        emails=(
            "campaigns/email/confirm_body.txt",
            "campaigns/email/reminder_body.txt",
        ),
    )
]


def refuses_address(ip_hash: str) -> bool:
    return blocklists.refuses_address(ip_hash)
