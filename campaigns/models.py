import datetime
import functools
import hashlib
import random
import uuid
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import Coalesce, TruncHour
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import cache_keys, email_addresses
from core.conditions import holds
from core.countries import CountryField
from core.email_addresses import EmailDigestField
from core.encryption import EncryptedEmailField
from core.fields import TextField
from core.managers import SlugManager
from core.markdown import render_markdown
from prisoners.dates import FuzzyDate, normalise, precision_field
from prisoners.models import Person, Source

# Confirmations spread their increments over this many counter rows per country, so
# that concurrent signers rarely wait for one another's row lock.
TALLY_SHARDS = 8
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
        cache.delete(cache_keys.campaign_stats(self.pk))


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
        rows = (
            SignatureTally.objects.filter(campaign=campaign)
            .values("country")
            .annotate(n=Sum("confirmed"))
            .order_by("-n", "country")
        )
        by_country, other, online = [], 0, 0
        for row in rows:
            online += row["n"]
            if row["country"] and row["n"] >= MIN_PUBLIC_COUNTRY_COUNT:
                by_country.append((row["country"], row["n"]))
            else:
                other += row["n"]
        if other:
            by_country.append(("", other))
        # Names only, no country: a country with few signers would single them out.
        recent = [
            {"name": signature.public_name, "comment": signature.public_comment}
            for signature in Signature.objects.public_for(campaign)[:10]
        ]
        return cls(
            online=online,
            offline=campaign.offline_signatures,
            goal=campaign.goal,
            by_country=by_country,
            recent=recent,
        )


class SignatureTallyQuerySet(models.QuerySet):
    def add(self, *, campaign_id: int, country: str, shard: int, delta: int) -> None:
        """Add delta to a counter row, creating it if it is the first: one statement
        (INSERT ... ON CONFLICT DO UPDATE, on PostgreSQL and SQLite alike), where
        get-or-create and an F() update would take three and a savepoint."""
        connection = connections[self.db]
        table = connection.ops.quote_name(self.model._meta.db_table)
        sql = f"""
            INSERT INTO {table} (campaign_id, country, shard, confirmed) VALUES (%s, %s, %s, %s)
            ON CONFLICT (campaign_id, country, shard)
            DO UPDATE SET confirmed = {table}.confirmed + excluded.confirmed
        """  # noqa: S608 - identifiers from the model, values as parameters
        with connection.cursor() as cursor:
            cursor.execute(sql, [campaign_id, country, shard, delta])


class SignatureTally(models.Model):
    """Confirmed signatures of one campaign from one country, split over a few rows so
    that concurrent confirmations do not queue on one row. The campaign's total is the
    sum of its rows."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tallies")
    country = models.CharField(max_length=2, blank=True)
    shard = models.PositiveSmallIntegerField()
    confirmed = models.IntegerField(default=0)

    objects = SignatureTallyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "country", "shard"], name="tally_unique_shard"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.country or '--'}/{self.shard}: {self.confirmed}"

    @staticmethod
    def random_shard() -> int:
        return random.randrange(TALLY_SHARDS)  # noqa: S311 - spreading load, not secrecy


class CommentStatus(models.TextChoices):
    NONE = "none", _("No comment")
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# One form per mailbox (Gmail's dots and every +tag ignored), and its keyed digest: what
# the database stores to tell signers apart (core/email_addresses.py).
normalise_email = email_addresses.canonical
email_digest = email_addresses.digest


class SignatureQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def counted(self):
        """What the public totals count: confirmed, and not set aside by staff."""
        return self.filter(COUNTED)

    def invalidated(self):
        return self.filter(invalidation__isnull=False)

    def valid(self):
        return self.filter(invalidation__isnull=True)

    def public_for(self, campaign: Campaign):
        """Counted signers of a campaign who chose to show their name, newest first."""
        return (
            self.counted()
            .filter(campaign=campaign, show_name_publicly=True)
            .order_by("-confirmed_at")
        )

    def for_address(self, email: str):
        """The signatures of this mailbox, however it is spelt (by its keyed digest)."""
        return self.filter(email_digest=email_digest(email))

    def for_email_domain(self, domain: str):
        return self.filter(email_domain_digest=email_addresses.domain_digest(domain))

    def possible_floods(self, *, since: datetime.datetime, by: str, at_least: int):
        """Per campaign and hour since `since`, the values of `by` ("ip_hash" or
        "email_domain_digest") with at least `at_least` signatures: one GROUP BY over the
        signatures of those hours (the index on created_at). Each row has the campaign's
        id and title, the hour, the key, how many signed, how many are unconfirmed and
        how many set aside, and one encrypted address of the group (to name a domain)."""
        return (
            self.filter(created_at__gte=since)
            .exclude(**{by: ""})
            .annotate(hour=TruncHour("created_at"), key=F(by))
            .values("campaign_id", "campaign__title", "hour", "key")
            .annotate(
                signatures=Count("pk"),
                unconfirmed=Count("pk", filter=Q(confirmed_at__isnull=True)),
                invalidated=Count("pk", filter=Q(invalidation__isnull=False)),
                sample=Max("email"),
            )
            .filter(signatures__gte=at_least)
            .order_by("-hour", "-signatures")
        )

    def stale_unconfirmed(self, now=None):
        """Unconfirmed signatures whose last confirmation link (the first email, or a
        reminder) has expired."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=settings.SIGNATURE_CONFIRMATION_DAYS)
        return self.unconfirmed().filter(
            Q(reminded_at__isnull=True) | Q(reminded_at__lt=cutoff), created_at__lt=cutoff
        )

    def pending_comments(self):
        return self.confirmed().filter(comment_status=CommentStatus.PENDING)

    def awaiting_confirmation_email(self):
        """New signatures whose confirmation email is not queued yet, oldest first."""
        return self.filter(AWAITING_CONFIRMATION_EMAIL).order_by("pk")

    def insert_unless_signed(self, signature: "Signature") -> int | None:
        """INSERT ... ON CONFLICT DO NOTHING: the new row's id, or None if this address
        has already signed this campaign. One statement in autocommit, where
        Model.save() in a savepoint costs four round trips and several times the CPU
        (docs/benchmarks.md); PostgreSQL and SQLite (3.35 and later) both run it."""
        connection = connections[self.db]
        meta = self.model._meta
        fields = [field for field in meta.concrete_fields if not field.primary_key]
        values = [f.get_db_prep_save(f.pre_save(signature, True), connection) for f in fields]
        quote = connection.ops.quote_name
        unique = (meta.get_field("campaign").column, meta.get_field("email_digest").column)
        # Identifiers from the model, quoted; every value is a parameter.
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(fields))}) "
            f"ON CONFLICT ({', '.join(quote(column) for column in unique)}) DO NOTHING "
            f"RETURNING {quote(meta.pk.column)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            row = cursor.fetchone()
        return row[0] if row else None

    def claim_for_confirmation(
        self, public_id: uuid.UUID, values: dict, now: datetime.datetime
    ) -> tuple | None:
        """Set `values` (field name: value; `confirmed_at` among them) on the unconfirmed
        signature with this public id if its campaign takes signatures at `now`; return
        (email digest, campaign id, country, campaign slug, invalidation id), or None if
        there is no such signature. One conditional UPDATE ... RETURNING that PostgreSQL and
        SQLite both run, where the ORM took a read with the campaign's thirty columns and an UPDATE,
        at several times the CPU (docs/benchmarks.md): of two concurrent claims of one
        signature, only one changes the row. The campaign condition is compiled from
        `takes_signatures`."""
        connection = connections[self.db]
        meta = self.model._meta
        quote = connection.ops.quote_name
        signatures, campaigns = quote(meta.db_table), quote(Campaign._meta.db_table)
        fields = [meta.get_field(name) for name in values]
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        params = [field.get_db_prep_save(values[field.name], connection) for field in fields]
        open_ids, open_params = Campaign.objects.using(self.db).ids_accepting_signatures_sql(now)
        sql = f"""
            UPDATE {signatures} SET {assignments}
            WHERE public_id = %s AND confirmed_at IS NULL AND campaign_id IN ({open_ids})
            RETURNING email_digest, campaign_id, country,
                (SELECT slug FROM {campaigns} WHERE {campaigns}.id = {signatures}.campaign_id),
                invalidation_id
        """  # noqa: S608 - identifiers from the models, values as parameters
        params.append(meta.get_field("public_id").get_db_prep_value(public_id, connection))
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *open_params])
            return cursor.fetchone()

    def confirmation_email_unsent(self):
        """Unconfirmed signatures whose confirmation email has not gone out (queued or
        not): what monitoring watches. A worker killed in the middle of a send leaves
        its signature here until the stuck task is run again."""
        return self.filter(confirmed_at__isnull=True, confirmation_email_sent_at__isnull=True)


# A signature is stored before its confirmation email is queued: the row itself is the
# outbox that the worker empties (services.confirmation_emails_queue).
AWAITING_CONFIRMATION_EMAIL = Q(
    confirmation_email_queued_at__isnull=True, confirmed_at__isnull=True
)
# What the public totals count (and the counter rows hold): confirmed signatures that staff
# have not set aside as part of a flood.
COUNTED = Q(confirmed_at__isnull=False, invalidation_id__isnull=True)


class SignatureInvalidation(models.Model):
    """Staff set aside a group of signatures (a flood): who, when, why and which ones
    (the signatures point at it), so that it can be undone. Never deleted: it is the
    record of what was done to the totals."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    criteria = TextField(_("how they were chosen"), blank=True)
    signatures = models.PositiveIntegerField(_("signatures set aside"), default=0)
    counted = models.PositiveIntegerField(_("of them counted in the totals"), default=0)
    restored_at = models.DateTimeField(_("restored"), null=True, blank=True)
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("restored by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invalidation of signatures")
        verbose_name_plural = _("invalidations of signatures")
        permissions = [
            ("invalidate_signatures", _("Can set signatures aside from the totals, and restore"))
        ]

    def __str__(self) -> str:
        return _("%(n)d signatures set aside on %(when)s") % {
            "n": self.signatures,
            "when": timezone.localtime(self.created_at).strftime("%Y-%m-%d %H:%M"),
        }


class Signature(models.Model):
    """One person's signature on one campaign. Personal data: kept only as long as
    needed, never shown without consent, never logged."""

    # No index of its own: the unique (campaign, email_normalised) one serves lookups by
    # campaign, and each index is one more write per signature.
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="signatures",
        verbose_name=_("campaign"),
        db_index=False,
    )
    # What the links in a signer's emails name: random, where the id is sequential and
    # would tell anyone holding two links how many signed in between.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    # Encrypted with SIGNER_DATA_KEYS: a copy of the database holds no address. Signers
    # are told apart by the keyed digest of the canonical address (core/encryption.py).
    email = EncryptedEmailField(_("email"))
    email_digest = EmailDigestField(of="email")
    # Which signatures share a domain (floods, staff's selection), without naming it.
    email_domain_digest = EmailDigestField(of="email", part="domain", blank=True)
    country = CountryField(_("country"))
    comment = TextField(_("comment"), max_length=500, blank=True)
    comment_status = models.CharField(
        _("comment moderation"),
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.NONE,
    )
    show_name_publicly = models.BooleanField(_("name shown publicly"), default=False)
    wants_updates = models.BooleanField(_("wants email updates"), default=False)
    language = models.CharField(_("language"), max_length=10, default="en")
    created_at = models.DateTimeField(_("signed at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # When the last reminder was asked for (claimed, so that many attempts send one).
    reminded_at = models.DateTimeField(_("last reminder asked for at"), null=True, blank=True)
    confirmation_email_queued_at = models.DateTimeField(
        _("confirmation email queued at"), null=True, blank=True, editable=False
    )
    # Set only once the mail server has accepted the email: a task run again after its
    # worker was killed sends what was not sent, and nothing that was.
    confirmation_email_sent_at = models.DateTimeField(
        _("confirmation email sent at"), null=True, blank=True, editable=False
    )
    reminder_sent_at = models.DateTimeField(
        _("last reminder accepted by the mail server at"), null=True, blank=True, editable=False
    )
    ip_hash = models.CharField(_("keyed hash of the IP address"), max_length=64, blank=True)
    # The counter row this signature was counted in, so that withdrawing it takes the
    # count back from the same row.
    tally_shard = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # Set aside by staff (part of a flood): kept, but not counted, until restored.
    invalidation = models.ForeignKey(
        SignatureInvalidation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,
        verbose_name=_("set aside by"),
    )

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "email_digest"], name="one_signature_per_person"
            )
        ]
        indexes = [
            models.Index(
                fields=["campaign", "show_name_publicly", "confirmed_at"],
                name="signature_public_recent",
            ),
            models.Index(fields=["confirmed_at", "created_at"], name="signature_confirmed"),
            # Small: only the signatures of the last second or so are in it.
            models.Index(
                fields=["id"], condition=AWAITING_CONFIRMATION_EMAIL, name="signature_email_due"
            ),
            # The last hours' signatures, for the floods on the admin's index: appended at
            # the end, as the primary key is, so it costs each signature little.
            models.Index(fields=["created_at"], name="signature_created"),
            # Empty but for the signatures staff set aside: free for every other one.
            models.Index(
                fields=["invalidation"],
                condition=Q(invalidation__isnull=False),
                name="signature_invalidated",
            ),
        ]
        permissions = [("export_signatures", _("Can export the signatures of a campaign"))]

    def __str__(self) -> str:
        return self.public_name

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_counted(self) -> bool:
        return holds(COUNTED, self)

    def is_named_by_link(self, digest: str) -> bool:
        """Whether a link's digest names this signature's address: the stored digest, or,
        for the links emailed before addresses were encrypted (they carry a shorter
        digest), the digest they were made with."""
        if digest == self.email_digest:
            return True
        return (
            len(digest) == LEGACY_LINK_DIGEST_LENGTH
            and bool(self.email)
            and (legacy_link_digest(self.email) == digest)
        )

    @property
    def public_name(self) -> str:
        """First name and the initial of the family name: "Anna K."."""
        words = self.name.split()
        if not words:
            return ""
        if len(words) == 1:
            return words[0]
        return f"{words[0]} {words[-1][0]}."

    def as_personal_data(self) -> dict:
        """Everything stored about this signature, for its signer to download. Whether it
        is counted is said, never why not (a flood's author must not learn which of its
        traits gave it away)."""
        return {
            "campaign": self.campaign.title,
            "name": self.name,
            "email": self.email,
            "country": self.country.code,
            "comment": self.comment,
            "comment_status": self.comment_status,
            "show_name_publicly": self.show_name_publicly,
            "wants_updates": self.wants_updates,
            "language": self.language,
            "signed_at": self.created_at.isoformat(),
            "confirmed_at": self.confirmed_at.isoformat() if self.confirmed_at else None,
            "counted_in_public_total": self.is_counted,
            "ip_address_keyed_hash": self.ip_hash,
        } | self._related_personal_data()

    def _related_personal_data(self) -> dict:
        """What other apps keep about this signature (the emails sent to it, say): each
        model that points at signatures and can tell its rows' `personal_data()` joins
        the download, under the relation's name, without this app naming it."""
        data = {}
        for relation in self._meta.related_objects:
            if hasattr(relation.related_model, "personal_data"):
                accessor = relation.get_accessor_name()
                data[accessor] = [row.personal_data() for row in getattr(self, accessor).all()]
        return data

    @property
    def public_comment(self) -> str:
        return self.comment if self.comment_status == CommentStatus.APPROVED else ""


# The links emailed before migration 0005 carry a 24-digit digest of the address as it was
# normalised then (lower case, no +tag), keyed with SECRET_KEY. They keep working for as
# long as links live (SIGNER_LINK_DAYS); then this can go.
LEGACY_LINK_DIGEST_LENGTH = 24


def legacy_link_digest(email: str) -> str:
    local, _at, domain = email.strip().lower().rpartition("@")
    normalised = f"{local.split('+', 1)[0]}@{domain}"
    key = settings.SECRET_KEY.encode()[:64]
    return hashlib.blake2b(normalised.encode(), key=key, digest_size=12).hexdigest()


class SignAttemptsQuerySet(models.QuerySet):
    def add(self, *, campaign_id: int, day: datetime.date, field: str) -> None:
        """Count one attempt of this kind ("repeated" or "refused") on this campaign and
        day: one upsert, as SignatureTally.add."""
        if field not in ("repeated", "refused"):
            raise ValueError(field)
        connection = connections[self.db]
        table = connection.ops.quote_name(self.model._meta.db_table)
        sql = f"""
            INSERT INTO {table} (campaign_id, day, repeated, refused) VALUES (%s, %s, %s, %s)
            ON CONFLICT (campaign_id, day) DO UPDATE SET {field} = {table}.{field} + 1
        """  # noqa: S608 - identifiers from the model, values as parameters
        values = [campaign_id, day, int(field == "repeated"), int(field == "refused")]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)


class SignAttempts(models.Model):
    """How many sign attempts of a campaign on a day stored nothing: by an address that had
    already signed (`repeated`), or refused by a block list (`refused`). Counts only:
    who tried is not kept."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    repeated = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)

    objects = SignAttemptsQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "day"], name="sign_attempts_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.day}: {self.repeated} repeated, {self.refused} refused"


class FloodKind(models.TextChoices):
    IP = "ip", _("one address")
    DOMAIN = "domain", _("one email domain")


class FloodAlert(models.Model):
    """A campaign's hour in which one keyed IP hash or one email domain passed the alert
    threshold: the row exists once per (campaign, hour, kind, key), so staff are emailed
    once, and marked when the mail server accepted the email."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    kind = models.CharField(max_length=10, choices=FloodKind.choices)
    key = models.CharField(max_length=64)
    # What staff are told: the domain itself (a flood's domain names no one), or the
    # first characters of the IP's keyed hash.
    label = models.CharField(max_length=253)
    signatures = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "hour", "kind", "key"], name="one_flood_alert"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.hour:%Y-%m-%d %H}h {self.kind} {self.label}"


class BlockedEmailDomain(models.Model):
    """Addresses at this domain, or below it, are refused (quietly: the signer sees the
    usual answer; nothing is stored or sent)."""

    domain = models.CharField(
        _("domain"),
        max_length=253,
        unique=True,
        help_text=_("For example spam-domain.example: its subdomains are blocked too."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        ordering = ["domain"]
        verbose_name = _("blocked email domain")
        verbose_name_plural = _("blocked email domains")

    def __str__(self) -> str:
        return self.domain

    def clean(self) -> None:
        self.domain = self.domain.strip().lower().lstrip("@").rstrip(".")
        if "." not in self.domain or "@" in self.domain or " " in self.domain:
            raise ValidationError({"domain": _("Write a domain, such as spam-domain.example.")})


class BlockedAddress(models.Model):
    """Sign attempts from the IP address with this keyed hash are refused, as quietly."""

    ip_hash = models.CharField(
        _("keyed hash of the IP address"),
        max_length=64,
        unique=True,
        help_text=_("As the signatures and the list of possible floods show it."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("blocked address")
        verbose_name_plural = _("blocked addresses")

    def __str__(self) -> str:
        return self.ip_hash

    def clean(self) -> None:
        self.ip_hash = self.ip_hash.strip().lower()
        if not self.ip_hash or any(char not in "0123456789abcdef" for char in self.ip_hash):
            raise ValidationError({"ip_hash": _("A keyed hash is made of the digits 0-9 and a-f.")})


class CampaignUpdateQuerySet(models.QuerySet):
    def published(self):
        """Updates any visitor may read: published, newest first."""
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now()).order_by(
            "-published_at", "-pk"
        )


class CampaignUpdate(models.Model):
    """News of an appeal that staff write: a dated entry of the campaign page's timeline
    and of the feeds, and the email its signers who asked for updates receive
    (supporters/)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="updates", verbose_name=_("campaign")
    )
    title = models.CharField(_("title"), max_length=200)
    body = TextField(_("text"), help_text=_("Markdown."))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when it is published or sent; the campaign page shows it from then."),
    )

    objects = CampaignUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campaign update")
        verbose_name_plural = _("campaign updates")
        indexes = [models.Index(fields=["campaign", "published_at"], name="update_timeline")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.campaign.get_absolute_url()}#update-{self.pk}"

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def publish(self) -> None:
        """Show it on the campaign page and in the feeds, from now (once)."""
        if self.published_at is None:
            self.published_at = timezone.now()
            self.save(update_fields=["published_at"])
