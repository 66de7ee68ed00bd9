"""A campaign's feed (its updates, the addressee's response and the outcome), and what
the appeals for a person add to that person's feed (prisoners.feeds)."""

import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import gettext

from campaigns.models import Campaign, CampaignStatus, CampaignUpdate
from core.feeds import EntriesFeed, FeedEntry
from core.languages import localized_fields
from prisoners.models import Person

# The updates a feed carries, newest first.
FEED_UPDATES = 50
RESPONSE_FIELDS = (*localized_fields("response"), "response_on", "response_on_precision",
                   "response_source_id")  # fmt: skip
OUTCOME_FIELDS = (*localized_fields("outcome"), "status", "delivered_on")
ENDED = (CampaignStatus.WON, CampaignStatus.CLOSED)


def _response_state(row) -> tuple:
    return tuple(getattr(row, field) for field in RESPONSE_FIELDS)


def _has_response(row) -> bool:
    return any(getattr(row, field) for field in localized_fields("response"))


def _outcome_state(row) -> tuple:
    """What the outcome entry says: the text, the day it was handed over, and whether
    the appeal was won or closed (not whether it is open or a draft)."""
    *texts, status, delivered_on = (getattr(row, field) for field in OUTCOME_FIELDS)
    return (*texts, status if status in ENDED else "", delivered_on)


def _as_it_is_since(
    versions: list, state: Callable, campaign: Campaign, *, present: Callable
) -> tuple[datetime.datetime, datetime.datetime]:
    """The time of the first version (oldest first) of which `present` holds, and that
    of the version since which `state` reads as it does now: the entry's published and
    updated. Without a version that reads as it does now (a row changed without its
    history), both are the campaign's creation, so the feed stays the same bytes."""
    current = state(campaign)
    first = since = None
    previous = None
    for version in versions:
        value = state(version)
        if first is None and present(version):
            first = version.history_date
        if value != previous:
            since = version.history_date if value == current else None
        previous = value
    if since is None:
        return campaign.created_at, campaign.created_at
    return first or since, since


def _history_of(campaigns: Iterable[Campaign]) -> dict[int, list]:
    """Each campaign's versions (only the columns of its response and outcome), oldest
    first: one query."""
    ids = [campaign.pk for campaign in campaigns]
    versions = {pk: [] for pk in ids}
    if not ids:
        return versions
    rows = (
        Campaign.history.filter(id__in=ids)
        .only(
            "id", "history_date", *{f.removesuffix("_id") for f in RESPONSE_FIELDS}, *OUTCOME_FIELDS
        )  # fmt: skip
        .order_by("history_date", "history_id")
    )
    for row in rows:
        versions[row.id].append(row)
    return versions


def campaign_entries(campaign: Campaign, versions: list, *, prefix: str = "") -> list[FeedEntry]:
    """The addressee's response and the outcome of a public campaign, as entries, when
    it has them. The outcome is one entry per outcome (handed over, then won or
    closed), as the signers hear of each: a new identifier when it changes."""
    page = campaign.get_absolute_url()
    entries = []
    if campaign.response:
        published, updated = _as_it_is_since(
            versions, _response_state, campaign, present=_has_response
        )
        title = gettext("The response of %(target)s") % {"target": campaign.target}
        entries.append(
            FeedEntry(
                title=prefix + title,
                link=f"{page}#response-heading",
                id_path=f"{page}#response",
                description=render_to_string(
                    "feeds/response.html",
                    {
                        "campaign": campaign,
                        "sources": [campaign.response_source] if campaign.response_source else [],
                    },
                ).strip(),
                updated=updated,
                published=published,
                category=gettext("The addressee's response"),
            )
        )
    if campaign.has_outcome:
        published, updated = _as_it_is_since(
            versions, _outcome_state, campaign, present=lambda row: any(_outcome_state(row))
        )
        ended = campaign.status if campaign.status in ENDED else "-"
        delivered = campaign.delivered_on.isoformat() if campaign.delivered_on else "-"
        entries.append(
            FeedEntry(
                title=prefix + gettext("Outcome"),
                link=f"{page}#response-heading",
                id_path=f"{page}#outcome-{ended}-{delivered}",
                description=render_to_string("feeds/outcome.html", {"campaign": campaign}).strip(),
                updated=updated,
                published=published,
                category=gettext("Outcome"),
            )
        )
    return entries


def update_entry(update: CampaignUpdate, *, prefix: str = "") -> FeedEntry:
    return FeedEntry(
        title=prefix + update.title,
        link=update.get_absolute_url(),
        description=update.body_html,
        updated=update.published_at,
        published=update.published_at,
        category=gettext("Campaign update"),
    )


def person_entries(person: Person) -> list[FeedEntry]:
    """The updates, responses and outcomes of the public appeals for the person, each
    titled with its appeal: three queries whatever their number."""
    campaigns = list(
        Campaign.objects.public().filter(prisoners=person).select_related("response_source")
    )
    if not campaigns:
        return []
    updates = (
        CampaignUpdate.objects.published()
        .filter(campaign__in=campaigns)
        .select_related("campaign")[:FEED_UPDATES]
    )
    history = _history_of(campaigns)
    entries = [update_entry(update, prefix=f"{update.campaign.title}: ") for update in updates]
    for campaign in campaigns:
        prefix = f"{campaign.title}: "
        entries += campaign_entries(campaign, history[campaign.pk], prefix=prefix)
    return entries


class CampaignUpdatesFeed(EntriesFeed):
    """One appeal's updates, the addressee's response and the outcome, newest first, in
    the language of the URL."""

    def get_object(self, request, slug: str) -> Campaign:
        return get_object_or_404(
            Campaign.objects.public().select_related("response_source"), slug=slug
        )

    def title(self, campaign: Campaign) -> str:
        return campaign.title

    def subtitle(self, campaign: Campaign) -> str:
        return campaign.summary

    def link(self, campaign: Campaign) -> str:
        return campaign.get_absolute_url()

    def empty_feed_updated(self, campaign: Campaign):
        return campaign.created_at

    def author_name(self) -> str:
        return settings.ORGANISATION_NAME

    def items(self, campaign: Campaign) -> list[FeedEntry]:
        """Two queries: the updates and the campaign's history."""
        updates = campaign.updates.published().select_related("campaign")[:FEED_UPDATES]
        entries = [update_entry(update) for update in updates]
        entries += campaign_entries(campaign, _history_of([campaign])[campaign.pk])
        return sorted(entries, key=lambda entry: entry.updated, reverse=True)
