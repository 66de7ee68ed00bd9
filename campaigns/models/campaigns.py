"""A campaign: the appeal, whom it is for and to, when it runs, and its public figures."""

import datetime
import functools
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from core import cache_keys
from core.conditions import holds
from core.fields import TextField
from core.managers import SlugManager
from core.markdown import render_markdown
from core.schema_org import CONTEXT, node_id, organisation_reference, shown_language, website_id
from prisoners.dates import FuzzyDate, normalise, precision_field
from prisoners.models import Person, Source

# Countries with fewer signatures than this are shown together as "other countries":
# a count of one or two could point at a person.
MIN_PUBLIC_COUNTRY_COUNT = 5


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for signatures")
    CLOSED = "closed", _("Closed")
    WON = "won", _("Won")


def takes_signatures(now: datetime.datetime) -> Q:
    """The one statement of when a campaign takes signatures: open, and `now` inside its
    opening hours. The queryset, the property and the confirmation claim all use it."""
    return (
        Q(status=CampaignStatus.OPEN)
        & (Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        & (Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    )


class CampaignQuerySet(models.QuerySet):
    def public(self):
        """Campaigns any visitor may see: everything but drafts."""
        return self.exclude(status=CampaignStatus.DRAFT)

    def accepting_signatures(self, now: datetime.datetime | None = None):
        return self.filter(takes_signatures(now or timezone.now()))

    def ids_accepting_signatures_sql(self, now: datetime.datetime) -> tuple[str, list]:
        """`accepting_signatures(now)` as the SQL and parameters of an id subquery, for
        the statements of the spike path. Compiled from `takes_signatures` once per
        process and database (compiling costs more than the statement that uses it);
        only the moment changes between calls."""
        connection = connections[self.db]
        sql, params = _compiled_ids_accepting_signatures(self.db)
        marker = models.DateTimeField().get_db_prep_value(_MOMENT_MARKER, connection)
        moment = models.DateTimeField().get_db_prep_value(now, connection)
        return sql, [moment if param == marker else param for param in params]

    def by_relevance(self):
        """Open campaigns first, then won, then closed; newest first within each."""
        order = models.Case(
            models.When(status=CampaignStatus.OPEN, then=0),
            models.When(status=CampaignStatus.WON, then=1),
            default=2,
        )
        return self.order_by(order, "-is_featured", "-created_at")

    def with_online_total(self):
        """Annotate `online_total`: confirmed online signatures, from the counter rows."""
        return self.annotate(online_total=Coalesce(Sum("tallies__confirmed"), 0))

    def closed_before(self, moment):
        """Campaigns that stopped taking signatures before `moment`: closed or won then,
        or past their closing date."""
        ended = Q(status__in=[CampaignStatus.CLOSED, CampaignStatus.WON], closed_at__lt=moment)
        expired = Q(closes_at__lt=moment) & ~Q(status=CampaignStatus.DRAFT)
        return self.filter(ended | expired)


# Stands for "now" in the compiled subquery: a moment no rule compares with otherwise.
_MOMENT_MARKER = datetime.datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=datetime.UTC)


@functools.cache
def _compiled_ids_accepting_signatures(alias: str) -> tuple[str, tuple]:
    rule = takes_signatures(_MOMENT_MARKER)
    query = Campaign.objects.using(alias).filter(rule).order_by().values("pk").query
    return query.get_compiler(using=alias).as_sql()


class Campaign(models.Model):
    """An appeal that supporters sign, addressed to someone with the power to act."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=200, unique=True)
    target = models.CharField(
        _("addressed to"), max_length=200, help_text=_("Whom the appeal asks to act.")
    )
    summary = TextField(_("summary"), max_length=600)
    appeal = TextField(_("appeal text"), help_text=_("Markdown."))
    share_text = models.CharField(
        _("share text"), max_length=280, blank=True, help_text=_("Suggested text for sharing.")
    )
    goal = models.PositiveIntegerField(_("signature goal"), default=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    prisoners = models.ManyToManyField(
        Person,
        related_name="campaigns",
        blank=True,
        limit_choices_to={"is_political_prisoner": True},
        verbose_name=_("prisoners it is about"),
    )
    sources = models.ManyToManyField(
        Source,
        related_name="campaigns",
        verbose_name=_("sources"),
        help_text=_("Where the facts in the appeal come from."),
    )
    offline_signatures = models.PositiveIntegerField(
        _("paper and offline signatures"),
        default=0,
        help_text=_("Added to the confirmed online signatures in the public total."),
    )
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    # What the addressee answered, and what came of the appeal: shown at the top of the
    # campaign page, and announced to the signers who asked for updates.
    response = TextField(
        _("the addressee's response"),
        blank=True,
        help_text=_("What the addressee answered, in the words of the source. Markdown."),
    )
    response_on = models.DateField(_("date of the response"), null=True, blank=True)
    response_on_precision = precision_field(_("precision of the date of the response"))
    response_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="campaign_responses",
        null=True,
        blank=True,
        verbose_name=_("source of the response"),
    )
    delivered_on = models.DateField(
        _("handed over on"),
        null=True,
        blank=True,
        help_text=_("When the appeal and its signatures were handed to the addressee."),
    )
    outcome = TextField(
        _("outcome"),
        blank=True,
        help_text=_("What came of the appeal, for the campaign page and the signers. Markdown."),
    )

    objects = SlugManager.from_queryset(CampaignQuerySet)()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="campaign_closes_after_it_opens",
            )
        ]
        permissions = [
            ("download_handover", _("Can download the handover pack of a campaign")),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.response_on, self.response_on_precision = normalise(
            self.response_on, self.response_on_precision
        )
        super().save(*args, **kwargs)
        self.forget_cached()

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.forget_cached()
        return result

    def clean(self) -> None:
        super().clean()
        if self.response and self.response_source_id is None:
            raise ValidationError(
                {"response_source": _("A response is a fact: name the source it is from.")}
            )

    @classmethod
    def public_cached(cls, slug: str) -> "Campaign | None":
        """The public campaign with this slug, from the cache (a few seconds old at most;
        saving a campaign forgets it): signing and confirming need it on every request,
        and one cache read costs a fraction of the query."""
        key = cache_keys.campaign(slug)
        campaign = cache.get(key)
        if campaign is None:
            campaign = cls.objects.public().filter(slug=slug).first()
            if campaign is not None:
                cache.set(key, campaign, cache_keys.counter_seconds())
        return campaign

    def forget_cached(self) -> None:
        cache.delete(cache_keys.campaign(self.slug))

    @property
    def is_accepting_signatures(self) -> bool:
        return holds(takes_signatures(timezone.now()), self)

    @property
    def appeal_html(self):
        return render_markdown(self.appeal)

    @property
    def response_html(self):
        return render_markdown(self.response)

    @property
    def outcome_html(self):
        return render_markdown(self.outcome)

    @property
    def responded(self) -> FuzzyDate:
        return FuzzyDate(self.response_on, self.response_on_precision)

    @property
    def has_outcome(self) -> bool:
        """Whether there is an outcome to tell: a text, the date it was handed over, or
        the appeal won or closed."""
        return bool(
            self.outcome
            or self.delivered_on
            or self.status in (CampaignStatus.WON, CampaignStatus.CLOSED)
        )

    def ran(self) -> tuple[datetime.datetime, datetime.datetime | None]:
        """When the appeal took signatures: from its opening (or creation) to its close
        (None while it still runs)."""
        end = self.closed_at or (
            self.closes_at if self.closes_at and self.closes_at <= timezone.now() else None
        )
        return self.opens_at or self.created_at, end

    def share_links(self, origin: str) -> list[tuple[str, str]]:
        """Plain links to share the appeal at `origin`, the address the visitor used
        (core.hosts.site_origin): no third-party script on our pages."""
        url = origin + self.get_absolute_url()
        text = self.share_text or self.title
        both = f"{text} {url}"
        return [
            (_("Email"), f"mailto:?subject={quote(self.title)}&body={quote(both)}"),
            ("Mastodon", f"https://mastodonshare.com/?text={quote(both)}"),
            ("Bluesky", f"https://bsky.app/intent/compose?text={quote(both)}"),
            ("Telegram", f"https://t.me/share/url?url={quote(url)}&text={quote(text)}"),
            ("WhatsApp", f"https://wa.me/?text={quote(both)}"),
            ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={quote(url)}"),
            ("X", f"https://x.com/intent/post?text={quote(text)}&url={quote(url)}"),
        ]

    def schema_org(self, origin: str, prisoners: list[Person], stats: "CampaignStats") -> dict:
        """schema.org data of the appeal as its page shows it. A Message: schema.org has
        no petition, and an appeal is one text from its signers to one addressee (its
        `recipient`, written as the page names them: a person or an office, which the
        site does not tell apart), handed over on a date (`dateReceived`), about the
        people it is for (references to their Person), citing its sources. The
        signatures are its interactionStatistic: the confirmed ones online, counted on
        this site (an EndorseAction on the WebSite), and those collected on paper.
        Links on `origin` (core.schema_org.links_origin)."""
        url = origin + self.get_absolute_url()
        data = {
            "@context": CONTEXT,
            "@type": "Message",
            "@id": node_id(self.get_absolute_url(), "appeal"),
            "url": url,
            "mainEntityOfPage": url,
            "name": self.title,
            "description": self.summary,
            "inLanguage": shown_language(self, "title"),
            "recipient": self.target,
            "creativeWorkStatus": self.get_status_display(),
            "publisher": organisation_reference(origin),
            "interactionStatistic": [
                {
                    "@type": "InteractionCounter",
                    "name": gettext("Confirmed signatures online"),
                    "interactionType": "https://schema.org/EndorseAction",
                    "interactionService": {"@id": website_id()},
                    "userInteractionCount": stats.online,
                }
            ],
            "citation": [source.schema_org() for source in self.sources.all()],
        }
        if stats.offline:
            data["interactionStatistic"].append(
                {
                    "@type": "InteractionCounter",
                    "name": pgettext("signatures", "Collected on paper"),
                    "interactionType": "https://schema.org/EndorseAction",
                    "userInteractionCount": stats.offline,
                }
            )
        if prisoners:
            data["about"] = [person.schema_org_reference(origin) for person in prisoners]
        if self.delivered_on:
            data["dateReceived"] = self.delivered_on.isoformat()
        return data

    def close(self, *, won: bool = False) -> None:
        """Stop taking signatures; `won` records that the appeal succeeded."""
        self.status = CampaignStatus.WON if won else CampaignStatus.CLOSED
        self.record_status_change()
        self.save(update_fields=["status", "closed_at"])

    def record_status_change(self) -> None:
        """Keep `closed_at` in step with the status: set when it closes, cleared when it
        opens again."""
        if self.status in (CampaignStatus.CLOSED, CampaignStatus.WON):
            self.closed_at = self.closed_at or timezone.now()
        else:
            self.closed_at = None

    @property
    def opens_later(self) -> bool:
        return self.status == CampaignStatus.OPEN and bool(
            self.opens_at and self.opens_at > timezone.now()
        )

    def confirmed_online(self) -> int:
        """Exact number of confirmed online signatures, from the counter rows (never a
        COUNT over the signatures)."""
        result = self.tallies.aggregate(total=Sum("confirmed"))["total"]
        return result or 0

    def stats(self) -> "CampaignStats":
        """The public figures of the campaign, at most COUNTER_CACHE_SECONDS old."""
        key = cache_keys.campaign_stats(self.pk)
        stats = cache.get(key)
        if stats is None:
            stats = CampaignStats.compute(self)
            cache.set(key, stats, cache_keys.counter_seconds())
        return stats

    def forget_stats(self) -> None:
        cache.delete_many([cache_keys.campaign_stats(self.pk), cache_keys.campaign_series(self.pk)])


def next_goal(total: int, goal: int) -> int:
    """The campaign's goal while the total is below it; past it, the smallest milestone
    of CAMPAIGN_GOAL_STEPS above the total; past the last milestone, the next multiple of
    it."""
    if not goal or total < goal:
        return goal
    for step in settings.CAMPAIGN_GOAL_STEPS:
        if step > total:
            return step
    last = settings.CAMPAIGN_GOAL_STEPS[-1] if settings.CAMPAIGN_GOAL_STEPS else goal
    return (total // last + 1) * last


def countries_shown(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """(country, signatures) as the public may see them: each country with at least
    MIN_PUBLIC_COUNTRY_COUNT, most first, then ("", the rest together) if there is a
    rest (the other countries, and signatures that name none). The one rule of every
    page and open data that shows signatures by country."""
    shown, other = [], 0
    for country, n in sorted(counts, key=lambda row: (-row[1], row[0])):
        if country and n >= MIN_PUBLIC_COUNTRY_COUNT:
            shown.append((country, n))
        else:
            other += n
    return shown + [("", other)] if other else shown


class CampaignStats:
    """Totals shown on public pages: what the cache holds for each campaign."""

    def __init__(self, *, online: int, offline: int, goal: int, by_country: list, recent: list):
        self.online = online
        self.offline = offline
        self.total = online + offline
        self.goal = goal
        self.by_country = by_country
        self.recent_signers = recent

    @property
    def goal_reached(self) -> bool:
        return bool(self.goal) and self.total >= self.goal

    @property
    def next_goal(self) -> int:
        """The goal shown now: the campaign's own, and once the total has passed it, the
        next of the milestones (CAMPAIGN_GOAL_STEPS), so that an appeal that succeeds
        keeps growing."""
        return next_goal(self.total, self.goal)

    @property
    def percent(self) -> int:
        goal = self.next_goal
        return min(100, self.total * 100 // goal) if goal else 100

    @classmethod
    def compute(cls, campaign: Campaign) -> "CampaignStats":
        rows = campaign.tallies.all().values("country").annotate(n=Sum("confirmed")).order_by()
        counts = [(row["country"], row["n"]) for row in rows]
        online = sum(n for _country, n in counts)
        by_country = countries_shown(counts)
        # Names only, no country: a country with few signers would single them out.
        recent = [
            {"name": signature.public_name, "comment": signature.public_comment}
            for signature in campaign.signatures.public_for(campaign)[:10]
        ]
        return cls(
            online=online,
            offline=campaign.offline_signatures,
            goal=campaign.goal,
            by_country=by_country,
            recent=recent,
        )
