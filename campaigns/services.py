"""Writes that touch several rows or send mail. Each runs in one transaction."""

import datetime
import enum
import logging
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import CharField, Count, Q, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from campaigns import tasks
from campaigns.models import (
    Campaign,
    CommentStatus,
    Signature,
    SignatureTally,
    email_digest,
    normalise_email,
)

logger = logging.getLogger(__name__)

# A person who signs again gets at most one reminder email in this time.
REMINDER_INTERVAL = datetime.timedelta(minutes=10)


class SignOutcome(enum.Enum):
    CREATED = "created"
    ALREADY_SIGNED = "already_signed"


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
    """Store an unconfirmed signature; the worker then queues the email that confirms it.

    The row is its own outbox: it is stored, in one statement, as awaiting its email, and
    the worker queues the emails of all such rows in batches (confirmation_emails_queue),
    so that a spike of signers costs one INSERT each and no email can be queued for a
    signature that was not stored, or lost for one that was. If the address has already
    signed this campaign, nothing new is stored: the mailbox owner gets a reminder
    instead, and the caller shows the same answer either way, so the person at the
    keyboard learns nothing about who signed.
    """
    signature = Signature(
        campaign=campaign,
        name=name,
        email=email,
        email_normalised=normalise_email(email),
        country=country,
        comment=comment,
        comment_status=CommentStatus.PENDING if comment else CommentStatus.NONE,
        show_name_publicly=show_name_publicly,
        wants_updates=wants_updates,
        language=language,
        ip_hash=ip_hash,
    )
    if Signature.objects.insert_unless_signed(signature) is None:
        _remind_existing_signer(campaign, email)
        return SignOutcome.ALREADY_SIGNED
    try:
        tasks.queue_confirmation_emails_soon()
    except Exception:
        # The signature is stored and waits for its email: the next signer's request or
        # the scheduled `queue_confirmation_emails` will queue it. The signer is told
        # that it worked, because it did.
        logger.exception("Could not ask the worker to queue confirmation emails")
    return SignOutcome.CREATED


def confirmation_emails_queue(*, batch: int = 500) -> int:
    """Queue the confirmation email of every signature stored without one; returns how
    many. Each batch of rows is marked and its emails queued in one transaction: each
    email is queued once, with its signature.

    The rows are locked, not skipped when locked: a worker running this at the same time
    makes the other wait, then finds those rows marked; a lock held for another reason
    (a second sign attempt stamping its reminder on the row) must not make this pass
    over a signature and leave its email to the scheduled sweep."""
    queued = 0
    while True:
        with transaction.atomic():
            pending = Signature.objects.awaiting_confirmation_email().select_for_update()
            ids = list(pending.values_list("pk", flat=True)[:batch])
            if not ids:
                return queued
            Signature.objects.filter(pk__in=ids).update(confirmation_email_queued_at=timezone.now())
            for signature_id in ids:
                tasks.send_confirmation_email.enqueue(signature_id=signature_id)
        queued += len(ids)


def _remind_existing_signer(campaign: Campaign, email: str) -> None:
    signature = (
        Signature.objects.filter(campaign=campaign, email_normalised=normalise_email(email))
        .only("pk")
        .first()
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
    *, public_id: uuid.UUID, digest: str | None = None, choices: SignerChoices | None = None
) -> ConfirmResult:
    """Confirm a signature and count it, exactly once however often the link is opened.

    `digest`: the email digest from the signer's link, which must still match the
    address (an anonymised signature's link stops working). `choices`: the name,
    country, comment and consents as confirmed by the mailbox's owner, stored with the
    confirmation (None keeps what was signed, for staff tools and tests). The claim is
    one conditional UPDATE: of two concurrent confirmations of one signature, only one
    changes the row, and only that one counts it. Only when it claims nothing does a
    read find out why."""
    shard = SignatureTally.random_shard()
    claimed = _claim_for_confirmation(public_id, shard, choices)
    if claimed is not None:
        email, campaign_id, country, slug = claimed
        if digest is None or email_digest(email) == digest:
            _add_to_tally(campaign_id, country, shard, +1)
            return ConfirmResult(ConfirmOutcome.CONFIRMED, slug)
        transaction.set_rollback(True)
        return ConfirmResult(ConfirmOutcome.NOT_FOUND)
    signature = Signature.objects.select_related("campaign").filter(public_id=public_id).first()
    if signature is None or (digest is not None and email_digest(signature.email) != digest):
        return ConfirmResult(ConfirmOutcome.NOT_FOUND)
    campaign = signature.campaign
    if signature.is_confirmed:
        return ConfirmResult(ConfirmOutcome.ALREADY_CONFIRMED, campaign.slug, campaign)
    # The one other condition of the claim: the campaign takes signatures.
    return ConfirmResult(ConfirmOutcome.CLOSED, campaign.slug, campaign)


def _claim_for_confirmation(
    public_id: uuid.UUID, shard: int, choices: SignerChoices | None
) -> tuple | None:
    """Mark an unconfirmed signature of a campaign that takes signatures as confirmed,
    with the signer's choices: (email, campaign id, country, campaign slug), or None."""
    now = timezone.now()
    values = {"confirmed_at": now, "tally_shard": shard}
    if choices is not None:
        values |= {
            "name": choices.name,
            "country": choices.country,
            "comment": choices.comment,
            "comment_status": CommentStatus.PENDING if choices.comment else CommentStatus.NONE,
            "show_name_publicly": choices.show_name_publicly,
            "wants_updates": choices.wants_updates,
        }
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
    if signature.is_confirmed:
        _add_to_tally(signature.campaign_id, signature.country.code, signature.tally_shard, -1)
    signature.delete()
    # After the commit: a request in between would otherwise cache the old figures.
    transaction.on_commit(signature.campaign.forget_stats)
    return signature.campaign


def _add_to_tally(campaign_id: int, country: str, shard: int, delta: int) -> None:
    SignatureTally.objects.add(campaign_id=campaign_id, country=country, shard=shard, delta=delta)


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
    # Unconfirmed ones were never counted: delete them outright.
    signatures.unconfirmed().delete()
    return signatures.confirmed().update(
        name="",
        email="",
        email_normalised=Concat(Value("erased-"), Cast("pk", CharField())),
        comment="",
        comment_status=CommentStatus.NONE,
        show_name_publicly=False,
        wants_updates=False,
        ip_hash="",
    )


@dataclass(frozen=True)
class TallyDrift:
    """A campaign whose counter rows disagree with a count of its confirmed signatures."""

    campaign_slug: str
    counter: int
    counted: int


def tallies_recount(*, fix: bool = False) -> list[TallyDrift]:
    """Compare each campaign's counter rows with a COUNT of its confirmed signatures;
    with `fix`, rebuild the rows of each drifting campaign from that count. One
    transaction per campaign, its counter rows locked, so that confirmations arriving
    meanwhile wait for the rebuild and are then added to it. Safe at any time."""
    drifts = []
    for campaign in Campaign.objects.with_online_total().order_by("pk"):
        with transaction.atomic():
            counted = Signature.objects.confirmed().filter(campaign=campaign).count()
            if counted == campaign.online_total:
                continue
            drifts.append(TallyDrift(campaign.slug, campaign.online_total, counted))
            if fix:
                _tallies_rebuild(campaign)
    return drifts


def _tallies_rebuild(campaign: Campaign) -> None:
    list(SignatureTally.objects.select_for_update().filter(campaign=campaign))
    SignatureTally.objects.filter(campaign=campaign).delete()
    rows = (
        Signature.objects.confirmed()
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
    transaction.on_commit(campaign.forget_stats)
