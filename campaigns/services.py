"""Writes that touch several rows or send mail. Each runs in one transaction."""

import datetime
import enum
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Concat, TruncHour
from django.utils import timezone

from audience import services as audience
from campaigns import blocklists, tasks
from campaigns.models import (
    LEGACY_LINK_DIGEST_LENGTH,
    Campaign,
    CampaignStatus,
    CampaignUpdate,
    CommentStatus,
    FloodAlert,
    FloodKind,
    SignAttempts,
    Signature,
    SignatureHourlyTally,
    SignatureInvalidation,
    SignatureTally,
    hour_of,
    owner_box_new,
    shown_name,
)
from core import cache_keys, email_addresses, sealing
from core.network import stored_ip_hash
from news.models import News, NewsKind
from news.services import languages_written, news_write

logger = logging.getLogger(__name__)

# A person who signs again gets at most one reminder email in this time.
REMINDER_INTERVAL = datetime.timedelta(minutes=10)


class SignOutcome(enum.Enum):
    # Stored, whether or not the mailbox had signed: the public role cannot tell (the
    # office's intake folds a second signature into the first).
    CREATED = "created"
    # By a block list or the list of disposable domains: nothing stored, nothing sent, and
    # the signer sees what any signer sees.
    REFUSED = "refused"


def signature_create(
    *,
    campaign: Campaign,
    name: str,
    email: str,
    country: str,
    comment: str = "",
    show_name_publicly: bool = False,
    wants_updates: bool = False,
    language: str = "en",
    ip_hash: str = "",
) -> SignOutcome:
    """Store an unconfirmed signature, sealed; the office's intake then tells it apart
    from the mailbox's earlier ones and queues the email that confirms it.

    The public role cannot read what it stores, nor tell one mailbox from another (the
    digest key is the office's): it seals the name, the address, the comment and the IP
    hash (core/sealing.py), puts what the signer typed in the owner's box (opened only by
    the key their links will carry), and INSERTs, in one statement. The row is its own
    outbox: the worker's intake (signatures_intake) folds a second signature of one
    mailbox into the first (whose owner is reminded) before anything is counted or sent,
    so the caller shows the same answer whoever signed, and the person at the keyboard
    learns nothing.

    An address at a blocked or disposable domain, or from a blocked IP hash, is refused
    without a trace but a count (SignAttempts): the caller answers as for any other. The
    domain is checked here; the IP hash, which the office keys with its own key, at intake.
    """
    if blocklists.refuses(domain=email_addresses.domain_of(email), ip_hash=""):
        SignAttempts.objects.add(campaign_id=campaign.pk, day=timezone.localdate(), field="refused")
        return SignOutcome.REFUSED
    owner_key, owner_box = owner_box_new(name=name, email=email, comment=comment)
    signature = Signature(
        campaign=campaign,
        name=name,
        email=email,
        country=country,
        comment=comment,
        comment_status=CommentStatus.PENDING if comment else CommentStatus.NONE,
        show_name_publicly=show_name_publicly,
        wants_updates=wants_updates,
        language=language,
        owner_box=owner_box,
        owner_key=owner_key,
        ip_sealed=ip_hash,
    )
    Signature.objects.insert_unless_signed(signature)
    try:
        tasks.queue_confirmation_emails_soon()
    except Exception:
        # The signature is stored and waits for its intake: the next signer's request or
        # the scheduled `queue_confirmation_emails` will take it in. The signer is told
        # that it worked, because it did.
        logger.exception("Could not ask the worker to queue confirmation emails")
    return SignOutcome.CREATED


def confirmation_emails_queue(*, batch: int = 500) -> int:
    """The office's intake of new signatures, then the queueing of their confirmation
    emails; returns how many emails were queued. Each batch of rows is taken in, marked
    and its emails queued in one transaction: each email is queued once, with its
    signature.

    The rows are locked, not skipped when locked: a worker running this at the same time
    makes the other wait, then finds those rows marked; a lock held for another reason
    (a reminder stamped on the row) must not make this pass over a signature and leave
    its email to the scheduled sweep."""
    queued = 0
    while True:
        with transaction.atomic():
            pending = list(
                Signature.objects.awaiting_confirmation_email().select_for_update()[:batch]
            )
            if not pending:
                return queued
            ids = [signature.pk for signature in pending if _take_in(signature)]
            Signature.objects.filter(pk__in=ids).update(confirmation_email_queued_at=timezone.now())
            for signature_id in ids:
                tasks.send_confirmation_email.enqueue(signature_id=signature_id)
        queued += len(ids)


def _take_in(signature: Signature) -> bool:
    """The intake of one signature (office): its digests, keyed with the office's key, and
    the block lists. A second signature of one mailbox for one campaign is deleted before
    anything is counted or sent, and the first one's owner reminded (at most once per
    REMINDER_INTERVAL); an address or IP hash on a block list is deleted quietly. Returns
    whether the signature stays (and gets its confirmation email)."""
    if signature.email_digest is not None:
        return True  # taken in before (a row from before the intake existed)
    today = timezone.localdate(signature.created_at)
    address_digest = email_addresses.digest(signature.email)
    ip_hash = stored_ip_hash(signature.ip_sealed) if signature.ip_sealed else ""
    domain = email_addresses.domain_of(signature.email)
    if blocklists.refuses(domain=domain, ip_hash=ip_hash):
        Signature.objects.filter(pk=signature.pk).delete()
        SignAttempts.objects.add(campaign_id=signature.campaign_id, day=today, field="refused")
        return False
    try:
        with transaction.atomic():
            Signature.objects.filter(pk=signature.pk).update(
                email_digest=address_digest,
                email_domain_digest=email_addresses.domain_digest(domain),
                ip_hash=ip_hash,
                ip_sealed="",
            )
    except IntegrityError:
        # This mailbox has signed this campaign: the first signature stays.
        Signature.objects.filter(pk=signature.pk).delete()
        _remind_existing_signer(signature.campaign_id, address_digest)
        SignAttempts.objects.add(campaign_id=signature.campaign_id, day=today, field="repeated")
        return False
    return True


def _remind_existing_signer(campaign_id: int, digest: str) -> None:
    signature = (
        Signature.objects.filter(campaign_id=campaign_id, email_digest=digest).only("pk").first()
    )
    if signature:
        _remind(signature.pk)


def _remind(signature_id: int) -> None:
    """Claim the reminder with one conditional UPDATE, so that many attempts with one
    address send one email, not one each."""
    now = timezone.now()
    not_reminded_lately = Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - REMINDER_INTERVAL)
    if Signature.objects.filter(not_reminded_lately, pk=signature_id).update(reminded_at=now):
        tasks.send_reminder_email.enqueue(signature_id=signature_id)


class ConfirmOutcome(enum.Enum):
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already_confirmed"
    CLOSED = "closed"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class ConfirmResult:
    outcome: ConfirmOutcome
    campaign_slug: str = ""
    # The campaign, for the page that explains an outcome other than CONFIRMED.
    campaign: Campaign | None = None


@dataclass(frozen=True)
class SignerChoices:
    """What the owner of the mailbox decides on the confirmation page, whatever the
    sign form said: anyone can type an address into the sign form, so only what is
    chosen here, by following the emailed link, is published."""

    name: str
    country: str
    comment: str = ""
    show_name_publicly: bool = False
    wants_updates: bool = False


@transaction.atomic
def signature_confirm(
    *,
    public_id: uuid.UUID,
    digest: str | None = None,
    choices: SignerChoices | None = None,
    owner_key: str = "",
) -> ConfirmResult:
    """Confirm a signature and count it, exactly once however often the link is opened.

    `digest`: the email digest from the signer's link, which must still match the
    address (an anonymised signature's link stops working). `choices`: the name,
    country, comment and consents as confirmed by the mailbox's owner, stored with the
    confirmation, sealed (None keeps what was signed, for staff tools and tests).
    `owner_key`: the key of the owner's box, from their link, so that the box holds what
    they confirmed and the public role can read the address to subscribe them. The claim
    is one conditional UPDATE: of two concurrent confirmations of one signature, only one
    changes the row, and only that one counts it. Only when it claims nothing does a read
    find out why."""
    shard = SignatureTally.random_shard()
    now = timezone.now()
    claimed = _claim_for_confirmation(public_id, shard, choices, now, owner_key)
    if claimed is not None:
        stored_digest, campaign_id, country, slug, invalidation_id = claimed
        if digest is None or digest == stored_digest or _named_by_old_link(public_id, digest):
            # A signature staff set aside is confirmed (restoring it counts it) but not
            # counted, and its signer is told the same as any other.
            if invalidation_id is None:
                _add_to_tally(campaign_id, country, shard, now, +1)
            if choices is None:
                _public_name_write(public_id)
            if choices is None or choices.wants_updates:
                _subscribe_if_asked(public_id, owner_key)
            return ConfirmResult(ConfirmOutcome.CONFIRMED, slug)
        transaction.set_rollback(True)
        return ConfirmResult(ConfirmOutcome.NOT_FOUND)
    signature = Signature.objects.select_related("campaign").filter(public_id=public_id).first()
    if signature is None or (digest is not None and not signature.is_named_by_link(digest)):
        return ConfirmResult(ConfirmOutcome.NOT_FOUND)
    campaign = signature.campaign
    if signature.is_confirmed:
        return ConfirmResult(ConfirmOutcome.ALREADY_CONFIRMED, campaign.slug, campaign)
    # The one other condition of the claim: the campaign takes signatures.
    return ConfirmResult(ConfirmOutcome.CLOSED, campaign.slug, campaign)


def _public_name_write(public_id: uuid.UUID) -> None:
    """The shown name of a signature confirmed without the owner's choices (staff tools,
    the office): Signature.save writes it from the name, which the office reads."""
    signature = Signature.objects.filter(public_id=public_id).first()
    if signature is not None and signature.show_name_publicly:
        signature.save(update_fields=["public_name"])


def _subscribe_if_asked(public_id: uuid.UUID, owner_key: str) -> None:
    """A confirmed signature that asks for updates subscribes its address to the
    campaign (the audience: one supporter per mailbox, however many ways in). Read only
    when the signer ticked the box, so that other confirmations pay nothing for it. The
    address is read from the owner's box with the link's key (the public role cannot
    open the sealed column), and the supporter found by the signature's digest, which
    the office wrote at intake."""
    signature = (
        Signature.objects.filter(public_id=public_id, wants_updates=True)
        .exclude(email="")
        .select_related("campaign")
        .only("email", "email_digest", "owner_box", "language", "campaign")
        .first()
    )
    if signature is not None and signature.reveal_to_owner(owner_key):
        audience.subscribe(
            email=signature.email,
            email_digest=signature.email_digest,
            language=signature.language,
            target=signature.campaign,
            confirmed=True,
        )


def _named_by_old_link(public_id: uuid.UUID, digest: str) -> bool:
    """Whether a link emailed before addresses were encrypted names this signature (its
    digest is of another kind: models.LEGACY_LINK_DIGEST_LENGTH). Only those links pay for
    the read and the decryption."""
    if len(digest) != LEGACY_LINK_DIGEST_LENGTH:
        return False
    signature = Signature.objects.only("email", "email_digest").filter(public_id=public_id)
    signature = signature.first()
    return signature is not None and signature.is_named_by_link(digest)


def _claim_for_confirmation(
    public_id: uuid.UUID,
    shard: int,
    choices: SignerChoices | None,
    now: datetime.datetime,
    owner_key: str,
) -> tuple | None:
    """Mark an unconfirmed signature of a campaign that takes signatures as confirmed
    at `now`, with the signer's choices (the name and comment sealed, the shown name
    only if they chose to show it, the owner's box holding what they confirmed):
    (email digest, campaign id, country, campaign slug, invalidation id), or None."""
    values = {"confirmed_at": now, "tally_shard": shard}
    if choices is not None:
        values |= {
            "name": choices.name,
            "country": choices.country,
            "comment": choices.comment,
            "comment_status": CommentStatus.PENDING if choices.comment else CommentStatus.NONE,
            "show_name_publicly": choices.show_name_publicly,
            "wants_updates": choices.wants_updates,
            "public_name": shown_name(choices.name) if choices.show_name_publicly else "",
        }
        if owner_key:
            box = (
                Signature.objects.filter(public_id=public_id, confirmed_at__isnull=True)
                .values_list("owner_box", flat=True)
                .first()
            )
            stored = sealing.owner_box_open(owner_key, box) if box else None
            if stored is not None:
                changed = {"name": choices.name, "comment": choices.comment}
                values["owner_box"] = sealing.owner_box_close(owner_key, stored | changed)
    return Signature.objects.claim_for_confirmation(public_id, values, now)


def signer_links_resend(signature: Signature) -> None:
    """Email a signature's own address fresh confirmation and withdrawal links (asked
    for from an expired link). At most one email per REMINDER_INTERVAL, as for signing
    again: the page answers the same either way."""
    _remind(signature.pk)


@transaction.atomic
def signature_withdraw(*, signature_id: int) -> Campaign | None:
    """Delete a signature and everything it holds about the signer; uncount it if it
    was counted. Returns its campaign, or None if it no longer exists."""
    signature = (
        Signature.objects.select_for_update()
        .select_related("campaign")
        .filter(pk=signature_id)
        .first()
    )
    if signature is None:
        return None
    if signature.is_counted:
        _add_to_tally(
            signature.campaign_id,
            signature.country.code,
            signature.tally_shard,
            signature.confirmed_at,
            -1,
        )
    signature.delete()
    audience.unsubscribe_address(email_digest=signature.email_digest, target=signature.campaign)
    # After the commit: a request in between would otherwise cache the old figures.
    transaction.on_commit(signature.campaign.forget_stats)
    return signature.campaign


def _add_to_tally(
    campaign_id: int,
    country: str,
    shard: int | None,
    confirmed_at: datetime.datetime,
    delta: int,
) -> None:
    # A signature counted before shards existed is in shard 0 (as _tallies_rebuild says).
    SignatureTally.objects.add(
        campaign_id=campaign_id,
        country=country,
        shard=shard or 0,
        confirmed_at=confirmed_at,
        delta=delta,
    )


@transaction.atomic
def comments_moderate(*, signatures: QuerySet, status: str) -> int:
    """Approve or reject the comments of these signatures (those that have one); returns
    how many. An approved comment is written in the clear as shown (`shown_comment`), the
    only copy the public pages can read; any other status takes it away. Office only: it
    opens the sealed comments."""
    rows = list(signatures.exclude(comment="").values_list("pk", "comment"))
    for pk, comment in rows:
        shown = comment if status == CommentStatus.APPROVED else ""
        Signature.objects.filter(pk=pk).update(comment_status=status, shown_comment=shown)
    return len(rows)


@transaction.atomic
def signatures_purge_unconfirmed(*, now=None) -> int:
    """Delete unconfirmed signatures whose confirmation link has expired."""
    deleted, _by_model = Signature.objects.stale_unconfirmed(now).delete()
    return deleted


@transaction.atomic
def signatures_anonymise_closed(*, older_than) -> int:
    """Erase the personal data of signatures on campaigns closed before `older_than`,
    keeping only what the totals need (campaign, country, confirmation time)."""
    campaigns = Campaign.objects.closed_before(older_than)
    signatures = Signature.objects.filter(campaign__in=campaigns).exclude(name="")
    # The addresses go, and with them the updates their signers asked for.
    audience.unsubscribe_all_from(targets=campaigns)
    # Unconfirmed ones were never counted: delete them outright.
    signatures.unconfirmed().delete()
    return signatures.confirmed().update(
        name="",
        email="",
        email_digest=Concat(Value("erased-"), Cast("pk", CharField())),
        email_domain_digest="",
        comment="",
        public_name="",
        shown_comment="",
        owner_box="",
        owner_key="",
        ip_sealed="",
        comment_status=CommentStatus.NONE,
        show_name_publicly=False,
        wants_updates=False,
        ip_hash="",
    )


@dataclass(frozen=True)
class TallyDrift:
    """A campaign whose counter rows (its total, or its hours: `hours_match` false)
    disagree with a count of its confirmed signatures."""

    campaign_slug: str
    counter: int
    counted: int
    hours_match: bool = True


def tallies_recount(*, fix: bool = False) -> list[TallyDrift]:
    """Compare each campaign's counter rows (the total and the hours) with a COUNT of
    its counted signatures (confirmed, and not set aside by staff);
    with `fix`, rebuild the rows of each drifting campaign from that count. One
    transaction per campaign, its counter rows locked, so that confirmations arriving
    meanwhile wait for the rebuild and are then added to it. Safe at any time."""
    drifts = []
    for campaign in Campaign.objects.with_online_total().order_by("pk"):
        with transaction.atomic():
            counted = Signature.objects.counted().filter(campaign=campaign).count()
            hours_match = _hourly_rows_match(campaign, counted)
            if counted == campaign.online_total and hours_match:
                continue
            drifts.append(TallyDrift(campaign.slug, campaign.online_total, counted, hours_match))
            if fix:
                _tallies_rebuild(campaign)
    return drifts


def _hourly_rows_match(campaign: Campaign, counted: int) -> bool:
    """Whether the hourly counter rows hold, hour by hour, what the counted signatures
    say: the same (hour, country) sums as a count grouped by the hour of confirmation."""
    rows = SignatureHourlyTally.objects.by_hour_and_country(campaign.pk)
    if sum(n for _hour, _country, n in rows) != counted:
        return False
    return sorted(rows) == sorted(
        (row["hour"], row["country"], row["n"])
        for row in _counted_by_hour(campaign).values("hour", "country").annotate(n=Count("pk"))
    )


def _counted_by_hour(campaign: Campaign) -> QuerySet:
    return (
        Signature.objects.counted()
        .filter(campaign=campaign)
        .annotate(hour=TruncHour("confirmed_at", tzinfo=datetime.UTC))
        .order_by()
    )


def _tallies_rebuild(campaign: Campaign) -> None:
    """The counter rows of a campaign, and its hourly rows, written again from a count
    of its counted signatures."""
    list(SignatureTally.objects.select_for_update().filter(campaign=campaign))
    SignatureTally.objects.filter(campaign=campaign).delete()
    SignatureHourlyTally.objects.filter(campaign=campaign).delete()
    rows = (
        Signature.objects.counted()
        .filter(campaign=campaign)
        .annotate(shard=Coalesce("tally_shard", 0))
        .values("country", "shard")
        .annotate(n=Count("pk"))
        .order_by()
    )
    SignatureTally.objects.bulk_create(
        SignatureTally(
            campaign=campaign, country=row["country"], shard=row["shard"], confirmed=row["n"]
        )
        for row in rows
    )
    hours = (
        _counted_by_hour(campaign)
        .annotate(shard=Coalesce("tally_shard", 0))
        .values("hour", "country", "shard")
        .annotate(n=Count("pk"))
    )
    SignatureHourlyTally.objects.bulk_create(
        SignatureHourlyTally(
            campaign=campaign,
            hour=row["hour"],
            country=row["country"],
            shard=row["shard"],
            confirmed=row["n"],
        )  # fmt: skip
        for row in hours
    )
    transaction.on_commit(campaign.forget_stats)


# How many signatures one UPDATE of an invalidation or a restore names, below every
# database's limit of parameters.
_BATCH = 1000


@transaction.atomic
def signatures_invalidate(
    *, signatures: QuerySet, user, reason: str = "", criteria: str = ""
) -> SignatureInvalidation:
    """Set these signatures aside (a flood): kept, but no longer counted in any total, until
    `signatures_restore`. Those already set aside are left as they are. The rows are
    locked first, so that a confirmation arriving meanwhile waits and is then not counted
    (the claim returns the invalidation): the counter stays equal to a recount. Logged
    with who did it, why and how the signatures were chosen."""
    rows = list(
        signatures.valid()
        .order_by("pk")
        .select_for_update(of=("self",))
        .values_list("pk", "campaign_id", "country", "tally_shard", "confirmed_at")
    )
    counted = [row for row in rows if row[4] is not None]
    invalidation = SignatureInvalidation.objects.create(
        created_by=user,
        reason=reason,
        criteria=criteria,
        signatures=len(rows),
        counted=len(counted),
    )
    ids = [row[0] for row in rows]
    for start in range(0, len(ids), _BATCH):
        Signature.objects.filter(pk__in=ids[start : start + _BATCH]).update(
            invalidation=invalidation
        )
    _add_to_tallies(counted, -1)
    logger.info(
        "Staff member %s set aside %d signatures (%d counted): invalidation %d",
        getattr(user, "pk", None), len(rows), len(counted), invalidation.pk,
    )  # fmt: skip
    return invalidation


@transaction.atomic
def signatures_restore(*, invalidation: SignatureInvalidation, user) -> int:
    """Count again the signatures an invalidation set aside (those that still exist; the
    ones confirmed meanwhile are counted too); returns how many were restored. Restoring
    twice changes nothing."""
    invalidation = SignatureInvalidation.objects.select_for_update().get(pk=invalidation.pk)
    if invalidation.restored_at is not None:
        return 0
    rows = list(
        Signature.objects.filter(invalidation=invalidation)
        .order_by("pk")
        .select_for_update()
        .values_list("pk", "campaign_id", "country", "tally_shard", "confirmed_at")
    )
    ids = [row[0] for row in rows]
    for start in range(0, len(ids), _BATCH):
        Signature.objects.filter(pk__in=ids[start : start + _BATCH]).update(invalidation=None)
    _add_to_tallies([row for row in rows if row[4] is not None], +1)
    invalidation.restored_at = timezone.now()
    invalidation.restored_by = user
    invalidation.save(update_fields=["restored_at", "restored_by"])
    logger.info(
        "Staff member %s restored %d signatures of invalidation %d",
        getattr(user, "pk", None), len(rows), invalidation.pk,
    )  # fmt: skip
    return len(rows)


def _add_to_tallies(rows: list[tuple], sign: int) -> None:
    """Add (or take away) these signatures to (from) the counter rows they are counted in:
    one upsert of the total and one of the hour per campaign, country, shard and hour of
    confirmation, and each campaign's cached figures forgotten after the commit."""
    groups: dict[tuple, int] = {}
    for _pk, campaign_id, country, shard, confirmed_at in rows:
        key = (campaign_id, country, shard or 0, hour_of(confirmed_at))
        groups[key] = groups.get(key, 0) + 1
    for (campaign_id, country, shard, hour), n in sorted(groups.items()):
        _add_to_tally(campaign_id, country, shard, hour, sign * n)
    for campaign in Campaign.objects.filter(pk__in={key[0] for key in groups}):
        transaction.on_commit(campaign.forget_stats)


def flood_alerts_raise(*, now: datetime.datetime | None = None) -> int:
    """Alert staff, once per campaign, hour and key, to every keyed IP hash and email
    domain past its alert threshold (FLOOD_*_ALERT_PER_HOUR) in this hour or the last:
    the alert's row is unique, and its email is queued in the transaction that creates
    it (tasks.send_flood_alert). Returns how many alerts are new."""
    now = now or timezone.now()
    this_hour = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    since = this_hour - datetime.timedelta(hours=1)
    searches = [
        (FloodKind.IP, "ip_hash", settings.FLOOD_IP_ALERT_PER_HOUR),
        (FloodKind.DOMAIN, "email_domain_digest", settings.FLOOD_DOMAIN_ALERT_PER_HOUR),
    ]
    raised = 0
    for kind, key, threshold in searches:
        for row in Signature.objects.possible_floods(since=since, by=key, at_least=threshold):
            with transaction.atomic():
                alert, created = FloodAlert.objects.get_or_create(
                    campaign_id=row["campaign_id"],
                    hour=row["hour"],
                    kind=kind,
                    key=row["key"],
                    defaults={"label": flood_label(kind, row), "signatures": row["signatures"]},
                )
                if created:
                    tasks.send_flood_alert.enqueue(alert_id=alert.pk)
                    raised += 1
    return raised


def flood_label(kind: str, row: dict) -> str:
    """How staff are shown a flood's key: the domain (a domain with that many signatures in
    an hour names nobody), from one of its addresses; or the start of the keyed IP hash."""
    if kind == FloodKind.DOMAIN:
        return email_addresses.domain_of(row["sample"]) if row["sample"] else "?"
    return row["key"][:12]


def flood_alerts_raise_soon() -> None:
    """Look for floods at most once a minute, however many batches of signatures the
    worker queues the emails of (tasks.queue_confirmation_emails)."""
    if cache.add(cache_keys.FLOOD_SCAN_DONE, True, timeout=cache_keys.FLOOD_SCAN_SECONDS):
        flood_alerts_raise()


# -- News of a campaign: written here, announced to its signers by supporters ----------


@transaction.atomic
def campaign_update_publish(*, update: CampaignUpdate, user=None) -> News:
    """Show an update on the campaign page and in the feeds (once), and write its news."""
    update.publish()
    return news_write(
        kind=NewsKind.UPDATE,
        subject=update,
        about=[update.campaign],
        languages=languages_written(update, ("title", "body")),
        topic=f"update:{update.pk}",
        user=user,
    )


def campaign_response_news_write(*, campaign: Campaign, user=None) -> News | None:
    """The news of the addressee's response, once recorded (None before)."""
    if not campaign.response:
        return None
    return news_write(
        kind=NewsKind.RESPONSE,
        subject=campaign,
        about=[campaign],
        languages=languages_written(campaign, ("response",)),
        topic=f"campaign:{campaign.pk}:response",
        user=user,
    )


def outcome_topic(campaign: Campaign) -> str:
    """One piece of news per outcome: handed over on a date, then won or closed."""
    delivered = campaign.delivered_on.isoformat() if campaign.delivered_on else "-"
    status = (
        campaign.status if campaign.status in (CampaignStatus.WON, CampaignStatus.CLOSED) else "-"
    )
    return f"campaign:{campaign.pk}:outcome:{status}:{delivered}"


def campaign_outcome_news_write(*, campaign: Campaign, user=None) -> News | None:
    """The news of the campaign's outcome as it stands (handed over, won, closed), once
    per outcome; None while there is none."""
    if not campaign.has_outcome:
        return None
    return news_write(
        kind=NewsKind.OUTCOME,
        subject=campaign,
        about=[campaign],
        languages=languages_written(campaign, ("outcome",)),
        topic=outcome_topic(campaign),
        user=user,
    )


@transaction.atomic
def campaign_news_write(*, campaign: Campaign, user=None) -> list[News]:
    """The news of a campaign's response and outcome as they stand, after staff recorded
    them (each written once)."""
    written = [
        campaign_response_news_write(campaign=campaign, user=user),
        campaign_outcome_news_write(campaign=campaign, user=user),
    ]
    return [news for news in written if news is not None]
