"""Every entry the site keeps in the cache: its key and how long it lives.

Apps build their keys here and nowhere else, so that a newcomer sees in one file what
the cache holds, and two features never collide on a key. Nothing personal is ever a
key or a value: rate limits are keyed by keyed hashes (core.network), and cached HTML is
the same for every visitor. docs/architecture.md says which cache serves which page.
"""

from django.conf import settings


# -- Whole public pages (core.page_cache): kept as long as their Cache-Control says. ----
def public_page(digest: str) -> str:
    """A stored public page: the digest of its origin, path, query and htmx headers."""
    return f"page:{digest}"


def page_origin(slot: int) -> str:
    """One origin (besides those the settings name) that public pages are stored for, so
    that forget_pages finds them (core.page_cache.EXTRA_ORIGINS slots); kept for good."""
    return f"page-origin:{slot}"


def page_seconds() -> int:
    """How long a public page is kept, here and by HTTP caches (0: not kept)."""
    return settings.PAGE_CACHE_SECONDS


# A page that a save forgets (a profile: core.page_cache.public_page_until_changed) is
# kept here at most this long: what it shows moves with time too (the days in detention,
# the letters this month). Long enough that thousands of profiles stay cached.
UNTIL_CHANGED_SECONDS = 600


def until_changed_seconds() -> int:
    return UNTIL_CHANGED_SECONDS if settings.PAGE_CACHE_SECONDS else 0


# -- The live total: pages that show a campaign's count, never older than it may be. -----
def live_seconds() -> int:
    """The campaign page and its counter render the total from campaign_stats, at most
    COUNTER_CACHE_SECONDS old; the page itself is kept for what is left of
    LIVE_TOTAL_LAG_SECONDS, so that the total shown is never older than that (and only
    while page caching is on)."""
    left = settings.LIVE_TOTAL_LAG_SECONDS - settings.COUNTER_CACHE_SECONDS
    return max(0, min(settings.PAGE_CACHE_SECONDS, left))


def counter_seconds() -> int:
    return settings.COUNTER_CACHE_SECONDS


def campaign(slug: str) -> str:
    """The public campaign row that signing and confirming read (counter_seconds)."""
    return f"campaign:{slug}"


def campaign_stats(campaign_pk: int) -> str:
    """A campaign's public figures: totals, countries, recent names (counter_seconds)."""
    return f"campaign-stats:{campaign_pk}"


def campaign_series(campaign_pk: int) -> str:
    """A campaign's confirmed signatures per hour and per day (campaigns.timeseries;
    SERIES_SECONDS, and forgotten with campaign_stats)."""
    return f"campaign-series:{campaign_pk}"


# The signatures over time lag the live total by at most this: read from the hourly
# counter rows once a minute per campaign, however many ask during a spike.
SERIES_SECONDS = 60


def official_letters_sent(campaign_pk: int) -> str:
    """The letters to officials a campaign's visitors said they sent, per official
    (officials.counts; counter_seconds, as the campaign's other figures)."""
    return f"official-letters-sent:{campaign_pk}"


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
# The monthly reports (reports.months): every dated fact of the public profiles and the
# figures of every month, counted in four queries. Forgotten by time only, as the
# statistics are, and kept as long, so that both pages count the same people.
REPORTS = "reports:index"
REPORTS_SECONDS = STATISTICS_SECONDS


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


# A search result's card (prisoners.cards), keyed by what changes it: the person's
# updated_at (every edit of them or their record) and status (also re-derived after an
# import or a fixture load), and the language. A new version is a new key, so the old
# one is never read again: kept a day, as a card nobody searched for is not worth more.
PERSON_CARD_SECONDS = 24 * 3600


def person_card(pk: int, updated_at: str, status: str, language: str) -> str:
    return f"prisoners:card:{pk}:{updated_at}:{status}:{language}"


# -- The mirrors (mirrors.services): the listed addresses that end every email to
# supporters, read once per email. Forgotten when staff save or delete a mirror; the
# lifetime bounds an edit made elsewhere (a revert from the history, the shell).
LISTED_MIRRORS = "mirrors:listed"
LISTED_MIRRORS_SECONDS = 600


# -- Rate limits (core.rate_limits): one counter per limit, key and fixed window. ---------
def rate_limit(name: str, key: str, window: int) -> str:
    """Lives for the limit's window and a second (set by core.rate_limits)."""
    return f"rate:{name}:{key}:{window}"


# -- Flags. ------------------------------------------------------------------------------
# Set by the first signer of a batch: the worker has been asked to queue the emails.
CONFIRMATION_EMAILS_REQUESTED = "confirmation-emails-queue-requested"
CONFIRMATION_EMAILS_REQUESTED_SECONDS = 60

# Set by the first follow request of a batch: the worker has been asked to take them in
# (supporters.tasks.follow_intake_soon).
FOLLOW_INTAKE_REQUESTED = "follow-intake-requested"
FOLLOW_INTAKE_REQUESTED_SECONDS = 60

# Set when the worker last looked for floods (campaigns.services.flood_alerts_raise_soon):
# at most one look a minute, however busy signing is.
FLOOD_SCAN_DONE = "flood-scan-done"
FLOOD_SCAN_SECONDS = 60

# -- The block lists (campaigns.blocklists): each process keeps them in memory and reads
# this version at most every BLOCK_LISTS_CHECK_SECONDS; staff's changes set a new one.
BLOCK_LISTS_VERSION = "block-lists-version"
BLOCK_LISTS_CHECK_SECONDS = 5

# /healthz writes it and reads it back to see that the cache answers.
HEALTH_PROBE = "healthz"
HEALTH_PROBE_SECONDS = 10
