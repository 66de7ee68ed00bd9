"""What needs attention, at the top of the admin's index: each item a count and a link to
the list of what it counts, shown only to staff who may view that model (an editor never
learns anything about signers: the comments awaiting moderation need
campaigns.view_signature). A few queries, however many records there are."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from campaigns.models import (
    Campaign,
    CampaignStatus,
    CommentStatus,
    FloodKind,
    SignAttempts,
    Signature,
)
from campaigns.services import flood_label
from prisoners.models import Person
from stories.models import Story

CHART_DAYS = 14
# Possible floods of the last this many hours; the signing figures of this many days.
FLOOD_HOURS = 24
ATTEMPT_DAYS = 7
# The chart's drawing area, in SVG user units (the stylesheet scales it to the page).
CHART_WIDTH = 420
CHART_HEIGHT = 120
CHART_GAP = 4


@dataclass(frozen=True)
class Attention:
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class Bar:
    """One day of the chart: its figure and the rectangle that draws it."""

    day: datetime.date
    count: int
    x: int
    y: int
    width: int
    height: int


def changelist(app_label: str, model_name: str, **filters) -> str:
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def needs_attention(user) -> list[Attention]:
    """The counts this member of staff may see, in the order they are worked through, each
    with its noun in the number it agrees with ("1 draft profile", "2 draft profiles")."""
    items = []
    if user.has_perm("campaigns.view_signature"):
        count = Signature.objects.pending_comments().count()
        items.append(
            Attention(
                ngettext("comment awaiting moderation", "comments awaiting moderation", count),
                count,
                changelist(
                    "campaigns",
                    "signature",
                    confirmed="yes",
                    comment_status__exact=CommentStatus.PENDING,
                ),  # fmt: skip
            )
        )
    if user.has_perm("prisoners.view_person"):
        stale_since = timezone.now() - datetime.timedelta(days=settings.PROFILE_STALE_DAYS)
        lacking = Person.objects.lacking_sources().count()
        drafts = Person.objects.drafts().count()
        stale = Person.objects.not_updated_since(stale_since).count()
        days = settings.PROFILE_STALE_DAYS
        items += [
            Attention(
                ngettext(
                    "profile with a fact that cites no source",
                    "profiles with a fact that cites no source",
                    lacking,
                ),
                lacking,
                changelist("prisoners", "person", sources="missing"),
            ),
            Attention(
                ngettext("draft profile", "draft profiles", drafts),
                drafts,
                changelist("prisoners", "person", is_published__exact=0),
            ),
            Attention(
                ngettext(
                    "profile not updated for %(days)s", "profiles not updated for %(days)s", stale
                )
                % {"days": ngettext("%(days)d day", "%(days)d days", days) % {"days": days}},
                stale,
                changelist("prisoners", "person", updated="stale"),
            ),
        ]
    if user.has_perm("stories.view_story"):
        count = Story.objects.filter(is_published=False).count()
        items.append(
            Attention(
                ngettext("draft story", "draft stories", count),
                count,
                changelist("stories", "story", is_published__exact=0),
            )
        )
    if user.has_perm("campaigns.view_campaign"):
        count = Campaign.objects.filter(status=CampaignStatus.DRAFT).count()
        items.append(
            Attention(
                ngettext("draft campaign", "draft campaigns", count),
                count,
                changelist("campaigns", "campaign", status__exact=CampaignStatus.DRAFT),
            )
        )
    return items


def signatures_per_day(today: datetime.date | None = None) -> list[tuple[datetime.date, int]]:
    """Confirmed signatures of the campaigns open now, a day each of the last CHART_DAYS
    days (today included, days without any at 0): one query."""
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=CHART_DAYS - 1)
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    rows = (
        Signature.objects.confirmed()
        .filter(campaign__in=Campaign.objects.accepting_signatures(), confirmed_at__gte=since)
        .annotate(day=TruncDate("confirmed_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["day"]: row["n"] for row in rows}
    days = [first + datetime.timedelta(days=n) for n in range(CHART_DAYS)]
    return [(day, counts.get(day, 0)) for day in days]


def bar_chart(figures: list[tuple[datetime.date, int]]) -> list[Bar]:
    """The rectangles of a bar chart of these figures, the highest as tall as the chart."""
    highest = max((count for _day, count in figures), default=0) or 1
    step = CHART_WIDTH // max(len(figures), 1)
    bars = []
    for index, (day, count) in enumerate(figures):
        height = round(CHART_HEIGHT * count / highest)
        bars.append(
            Bar(
                day=day,
                count=count,
                x=index * step,
                y=CHART_HEIGHT - height,
                width=step - CHART_GAP,
                height=height,
            )  # fmt: skip
        )
    return bars


@dataclass(frozen=True)
class Flood:
    """One campaign's hour with unusually many signatures from one keyed IP hash or one
    email domain (FLOOD_*_RECORD_PER_HOUR), and the link to review them."""

    campaign: str
    hour: datetime.datetime
    kind: str
    label: str
    signatures: int
    unconfirmed: int
    invalidated: int
    alert: bool
    url: str


def possible_floods(now: datetime.datetime | None = None) -> list[Flood]:
    """The last FLOOD_HOURS hours' possible floods, newest first: two queries (one GROUP
    BY per kind, over the index on created_at)."""
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=FLOOD_HOURS)
    searches = [
        (FloodKind.IP, "ip_hash", "ip_hash", settings.FLOOD_IP_RECORD_PER_HOUR,
         settings.FLOOD_IP_ALERT_PER_HOUR),
        (FloodKind.DOMAIN, "email_domain_digest", "email_domain",
         settings.FLOOD_DOMAIN_RECORD_PER_HOUR, settings.FLOOD_DOMAIN_ALERT_PER_HOUR),
    ]  # fmt: skip
    floods = []
    for kind, key, parameter, record, alert in searches:
        for row in Signature.objects.possible_floods(since=since, by=key, at_least=record):
            hour = timezone.localtime(row["hour"])
            floods.append(
                Flood(
                    campaign=row["campaign__title"],
                    hour=hour,
                    kind=FloodKind(kind).label,
                    label=flood_label(kind, row),
                    signatures=row["signatures"],
                    unconfirmed=row["unconfirmed"],
                    invalidated=row["invalidated"],
                    alert=row["signatures"] >= alert,
                    url=changelist(
                        "campaigns",
                        "signature",
                        **{
                            "campaign__id__exact": row["campaign_id"],
                            "created_at__gte": hour.isoformat(),
                            "created_at__lt": (hour + datetime.timedelta(hours=1)).isoformat(),
                            parameter: row["key"],
                        },
                    ),
                )
            )
    return sorted(floods, key=lambda flood: (flood.hour, flood.signatures), reverse=True)


@dataclass(frozen=True)
class SigningDay:
    """A campaign's day: signatures stored, how many are still unconfirmed, and the
    attempts that stored nothing (the address had signed; a block list refused it)."""

    campaign: str
    day: datetime.date
    signed: int
    unconfirmed: int
    repeated: int
    refused: int

    @property
    def attempts(self) -> int:
        return self.signed + self.repeated + self.refused

    @property
    def unconfirmed_percent(self) -> int:
        return round(100 * self.unconfirmed / self.signed) if self.signed else 0

    @property
    def repeated_percent(self) -> int:
        return round(100 * self.repeated / self.attempts) if self.attempts else 0


def signing_days(today: datetime.date | None = None) -> list[SigningDay]:
    """Each campaign's last ATTEMPT_DAYS days with any attempt, newest first: two queries."""
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=ATTEMPT_DAYS - 1)
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    stored = (
        Signature.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("campaign_id", "campaign__title", "day")
        .annotate(n=Count("pk"), unconfirmed=Count("pk", filter=Q(confirmed_at__isnull=True)))
        .order_by()
    )
    days: dict[tuple, dict] = {}
    for row in stored:
        days[(row["campaign_id"], row["day"])] = {
            "campaign": row["campaign__title"], "signed": row["n"],
            "unconfirmed": row["unconfirmed"], "repeated": 0, "refused": 0,
        }  # fmt: skip
    attempts = SignAttempts.objects.filter(day__gte=first).values(
        "campaign_id", "campaign__title", "day", "repeated", "refused"
    )
    for row in attempts:
        entry = days.setdefault(
            (row["campaign_id"], row["day"]),
            {"campaign": row["campaign__title"], "signed": 0, "unconfirmed": 0},
        )
        entry |= {"repeated": row["repeated"], "refused": row["refused"]}
    return sorted(
        (SigningDay(day=day, **entry) for (_campaign, day), entry in days.items()),
        key=lambda item: (item.day, item.campaign),
        reverse=True,
    )


def index_context(user) -> dict:
    """What the admin's index shows above the list of models."""
    context = {"needs_attention": needs_attention(user)}
    if user.has_perm("campaigns.view_signature"):
        context |= {
            "floods": possible_floods(),
            "flood_hours": FLOOD_HOURS,
            "signing_days": signing_days(),
            "attempt_days": ATTEMPT_DAYS,
        }
    if user.has_perm("campaigns.view_campaign"):
        figures = signatures_per_day()
        context |= {
            "signature_bars": bar_chart(figures),
            "signature_total": sum(count for _day, count in figures),
            "chart_width": CHART_WIDTH,
            "chart_height": CHART_HEIGHT,
            "open_campaigns_url": changelist(
                "campaigns", "campaign", status__exact=CampaignStatus.OPEN
            ),
        }
    return context
