"""How many letters a campaign's visitors said they sent to its officials, per official:
one GROUP BY, cached as long as the campaign's total (COUNTER_CACHE_SECONDS) and
forgotten when a letter is counted, so that it shows on the campaign's pages within the
live total's lag."""

from dataclasses import dataclass

from django.core.cache import cache

from campaigns.models import Campaign
from core import cache_keys
from officials.models import LetterToOfficial, Official


def letters_sent(campaign: Campaign) -> dict[int, int]:
    """{official's id: letters sent}, for this campaign's letters."""

    def count() -> dict[int, int]:
        rows = LetterToOfficial.objects.of_campaign(campaign).most_written_to()
        return {row["official"]: row["count"] for row in rows}

    key = cache_keys.official_letters_sent(campaign.pk)
    return cache.get_or_set(key, count, cache_keys.counter_seconds())


def forget(campaign: Campaign) -> None:
    """A letter was counted: the next page drawn shows it (the pages themselves are kept
    for at most the live total's lag: core.page_cache.live_page)."""
    cache.delete(cache_keys.official_letters_sent(campaign.pk))


@dataclass(frozen=True)
class WrittenTo:
    official: Official
    count: int


def most_written_to(officials: list[Official], sent: dict[int, int]) -> list[WrittenTo]:
    """The officials written to at least once, the most written to first."""
    rows = [WrittenTo(official, sent[official.pk]) for official in officials if official.pk in sent]
    return sorted(rows, key=lambda row: (-row.count, row.official.name))
