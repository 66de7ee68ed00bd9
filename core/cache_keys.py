"""Every entry the site keeps in the cache: its key and how long it lives.

Apps build their keys here and nowhere else, so that a newcomer sees in one file what
the cache holds, and two features never collide on a key. Nothing personal is ever a
key or a value: rate limits are keyed by keyed hashes (core.network), and cached HTML is
the same for every visitor. docs/architecture.md says which cache serves which page.
"""

import datetime

from django.conf import settings

# -- Whole public pages: Django's cache_page under this prefix (core.page_cache). --------
PAGE_PREFIX = "page"


def page_seconds() -> int:
    """How long a public page is served from the cache (0: pages are not cached)."""
    return settings.PAGE_CACHE_SECONDS


# -- The live total: entries that show a campaign's count, never older than it may be. ---
def live_seconds() -> int:
    """The campaign page and its counter show the live total: kept no longer than the
    counter may lag, and only while page caching is on."""
    return min(settings.PAGE_CACHE_SECONDS, settings.COUNTER_CACHE_SECONDS)


def campaign_page(language: str, path: str) -> str:
    """The campaign page's HTML, with a placeholder for the visitor's CSRF token."""
    return f"campaign-page:{language}:{path}"


def campaign_counter(language: str, slug: str) -> str:
    """The counter fragment the campaign page polls."""
    return f"counter:{language}:{slug}"


def counter_seconds() -> int:
    return settings.COUNTER_CACHE_SECONDS


def campaign(slug: str) -> str:
    """The public campaign row that signing and confirming read (counter_seconds)."""
    return f"campaign:{slug}"


def campaign_stats(campaign_pk: int) -> str:
    """A campaign's public figures: totals, countries, recent names (counter_seconds)."""
    return f"campaign-stats:{campaign_pk}"


# -- Profiles: HTML per version, and which version is current. ---------------------------
PROFILE_HTML_SECONDS = 3600
# Bounds how long a read that raced a save can keep an old version current.
PROFILE_VERSION_SECONDS = 60


def profile_html(
    pk: int, updated_at: datetime.datetime, day: datetime.date, lang: str, letters: int
) -> str:
    """A profile's HTML: a new key whenever it is saved, each day (for the count of days
    in detention), and when its count of letters this month moves."""
    return f"profile:{pk}:{updated_at.timestamp()}:{day}:{lang}:{letters}"


def profile_version(slug: str) -> str:
    """(pk, updated_at, is_published, letters this month) of the profile with this slug:
    the letters count as fresh as PROFILE_VERSION_SECONDS. ("v2": the value gained the
    letters, so an entry of the old shape is never read.)"""
    return f"profile-version:v2:{slug}"


# -- Figures over every profile, which change only when staff publish. -------------------
STATUS_COUNTS = "prisoners:status-counts"
STATUS_COUNTS_SECONDS = 60
COUNTRIES = "prisoners:countries"
COUNTRIES_SECONDS = 300
FILTER_CHOICES_SECONDS = 300
# The statistics page and its open data (prisoners.statistics): eight queries over every
# profile. Forgotten by time only, so an edit shows within this many seconds.
STATISTICS = "prisoners:statistics"
STATISTICS_SECONDS = 300


# Letters (prisoners.letters): whom the site may suggest writing to, with their letters of
# the last weeks, for the weighted draw (forgotten when a person or their record is saved;
# new letters and a place's new address weigh in within LETTER_POOL_SECONDS); the open
# data's letter counts.
LETTER_POOL = "prisoners:letter-pool"
LETTER_POOL_SECONDS = 60
LETTER_COUNTS = "prisoners:letter-counts"
LETTER_COUNTS_SECONDS = 300


def filter_choices(language: str) -> str:
    """The prisoner list's filter choices in a language (FILTER_CHOICES_SECONDS)."""
    return f"prisoners:filter-choices:{language}"


# -- Rate limits (core.rate_limits): one counter per limit, key and fixed window. ---------
def rate_limit(name: str, key: str, window: int) -> str:
    """Lives for the limit's window and a second (set by core.rate_limits)."""
    return f"rate:{name}:{key}:{window}"


# -- Flags. ------------------------------------------------------------------------------
# Set by the first signer of a batch: the worker has been asked to queue the emails.
CONFIRMATION_EMAILS_REQUESTED = "confirmation-emails-queue-requested"
CONFIRMATION_EMAILS_REQUESTED_SECONDS = 60

# /healthz writes it and reads it back to see that the cache answers.
HEALTH_PROBE = "healthz"
HEALTH_PROBE_SECONDS = 10
