"""Signatures: what one signer stored, how they are read and claimed, and sets set aside."""

import datetime
import hashlib
import uuid

from django.conf import settings
from django.db import connections, models
from django.db.models import Count, F, Max, Q
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audience.models import Supporter
from campaigns.models.campaigns import Campaign
from core import email_addresses, sealing
from core.conditions import holds
from core.countries import CountryField
from core.email_addresses import EmailDigestField
from core.encryption import EncryptedCharField, EncryptedEmailField, EncryptedTextField, Sealed
from core.fields import TextField


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

    def named_like(self, text: str, *, batch: int = 2000):
        """The signatures whose name contains `text` (any case): the names are sealed, so
        the office opens them in memory, a batch at a time, and the result is a
        condition on their ids. Office only (it needs the private key): about 50-90 µs
        a name (bench/sealing_cost.py), so a search of 100,000 signatures takes several
        seconds; narrow it by campaign first."""
        wanted = text.casefold()
        ids = []
        names = self.order_by().values_list("pk", "name")
        for pk, name in names.iterator(chunk_size=batch):
            if wanted in name.casefold():
                ids.append(pk)
        return self.filter(pk__in=ids)

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
    # The name, the address and the comment are sealed to the office's public key
    # (core/sealing.py): the public host that stores them cannot read them back, nor can a
    # copy of the database (docs/security.md, "Sealed supporter data").
    name = EncryptedCharField(_("name"), max_length=100)
    email = EncryptedEmailField(_("email"))
    # Signers are told apart by the keyed digest of the canonical address, which only the
    # office can compute: the public role stores a signature without one, and the office's
    # intake writes it, folding a second signature of one mailbox into the first
    # (services.signatures_intake).
    email_digest = EmailDigestField(of="email", on_save=False, null=True)
    # Which signatures share a domain (floods, staff's selection), without naming it.
    email_domain_digest = EmailDigestField(of="email", part="domain", on_save=False, blank=True)
    # The country stays readable: the counters per country and hour hold it anyway.
    country = CountryField(_("country"))
    comment = EncryptedTextField(_("comment"), max_length=500, blank=True)
    # The only plaintext about the person, and only with their consent: the name as shown
    # ("Anna K."), written when they confirm with the box ticked; the comment once
    # staff approve it.
    public_name = models.CharField(_("name as shown"), max_length=100, blank=True, editable=False)
    shown_comment = TextField(_("comment as shown"), max_length=500, blank=True, editable=False)
    # What the signer stored, encrypted with a key that only their emailed links carry
    # (and `owner_key`, sealed, from which the office makes those links): the public host
    # shows the owner what they gave without being able to read it itself.
    owner_box = models.TextField(blank=True, editable=False)
    owner_key = EncryptedTextField(blank=True, editable=False)
    # The keyed hash of the signer's IP address as the public role saw it, sealed; the
    # office's intake turns it into `ip_hash` (keyed with its own key) and empties it.
    ip_sealed = EncryptedTextField(blank=True, editable=False)
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
    # Keyed with the office's digest key (SIGNER_DIGEST_KEY) at intake: the public host,
    # which could test every IPv4 address against a hash keyed with its own key, holds
    # none of these.
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
        # Never the name: this shows in admin messages and logs, and the public role
        # cannot read it.
        return str(_("Signature %(id)s") % {"id": self.pk})

    def save(self, *args, **kwargs):
        # Staff changing the consent in the admin (the office, which reads the name).
        if not isinstance(self.name, Sealed):
            self.public_name = shown_name(self.name) if self.show_name_publicly else ""
        if not isinstance(self.comment, Sealed):
            approved = self.comment_status == CommentStatus.APPROVED
            self.shown_comment = self.comment if approved else ""
        super().save(*args, **kwargs)

    def reveal_to_owner(self, owner_key: str) -> bool:
        """Put what the signer stored (name, address, comment) on this instance, for
        their own pages, from the owner's box that their link's key opens. Where it
        cannot be read (an old link without the key, in the public role) they are blank:
        the page asks again. Returns whether they could be read. Never saved from here."""
        stored = sealing.owner_box_open(owner_key, self.owner_box) if owner_key else None
        if stored is not None:
            self.name, self.email, self.comment = stored["name"], stored["email"], stored["comment"]
            return True
        readable = not isinstance(self.email, Sealed)
        if not readable:
            self.name, self.email, self.comment = "", "", ""
        return readable

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

    def as_personal_data(self) -> dict:
        """Everything stored about this signature, for its signer to download. Whether it
        is counted is said, never why not (a flood's author must not learn which of its
        traits gave it away)."""
        return (
            {
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
            }
            | self._related_personal_data()
            | {"updates_by_email": self._audience_personal_data()}
        )

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

    def _audience_personal_data(self) -> dict | None:
        """What the audience holds about this address, if it asked for news (the
        supporter: what it follows and the emails sent to it)."""
        if not self.email:
            return None
        supporter = Supporter.objects.filter(email_digest=self.email_digest).first()
        if supporter is None:
            return None
        # The supporter's address is this signature's (one digest), which the owner's box
        # gave back; the public role cannot open the supporter's own sealed copy.
        return supporter.as_personal_data() | {"email": self.email}

    @property
    def public_comment(self) -> str:
        return self.shown_comment if self.comment_status == CommentStatus.APPROVED else ""


def shown_name(name: str) -> str:
    """First name and the initial of the family name: "Anna K."."""
    words = name.split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return f"{words[0]} {words[-1][0]}."


def owner_box_new(*, name: str, email: str, comment: str) -> tuple[str, str]:
    """A new owner's key and the box it opens, holding what the signer typed."""
    key = sealing.owner_key_new()
    return key, sealing.owner_box_close(key, {"name": name, "email": email, "comment": comment})


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
