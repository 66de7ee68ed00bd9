"""Writes that touch several rows or send mail. Each runs in one transaction."""

import enum
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from campaigns import tasks
from campaigns.models import (
    Campaign,
    CommentStatus,
    Signature,
    SignatureTally,
    normalise_email,
)

logger = logging.getLogger(__name__)

# A person who signs again gets at most one reminder email in this time.
REMINDER_INTERVAL = timezone.timedelta(minutes=10)


class SignOutcome(enum.Enum):
    CREATED = "created"
    ALREADY_SIGNED = "already_signed"


@transaction.atomic
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
    """Record an unconfirmed signature and queue the email that confirms it.

    If the address has already signed this campaign, nothing new is stored: the
    mailbox owner gets a reminder instead, and the caller shows the same answer either
    way, so the person at the keyboard learns nothing about who signed.
    """
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
        ip_hash=ip_hash,
    )
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        already_signed = True
    else:
        already_signed = False
    # Enqueue outside the except block: the task log would otherwise carry the
    # IntegrityError's traceback as if the task had failed.
    if already_signed:
        _remind_existing_signer(campaign, email)
        return SignOutcome.ALREADY_SIGNED
    tasks.send_confirmation_email.enqueue(signature_id=signature.pk)
    return SignOutcome.CREATED


def _remind_existing_signer(campaign: Campaign, email: str) -> None:
    now = timezone.now()
    not_reminded_lately = Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - REMINDER_INTERVAL)
    signature = (
        Signature.objects.filter(campaign=campaign, email_normalised=normalise_email(email))
        .only("pk")
        .first()
    )
    # Claim the reminder with one conditional UPDATE, so that many attempts with one
    # address send one email, not one each.
    if signature and Signature.objects.filter(not_reminded_lately, pk=signature.pk).update(
        reminded_at=now
    ):
        tasks.send_reminder_email.enqueue(signature_id=signature.pk)


class ConfirmOutcome(enum.Enum):
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already_confirmed"
    CLOSED = "closed"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class ConfirmResult:
    outcome: ConfirmOutcome
    campaign: Campaign | None = None


@transaction.atomic
def signature_confirm(*, signature_id: int, loaded: Signature | None = None) -> ConfirmResult:
    """Confirm a signature and count it, exactly once however often the link is opened.

    `loaded`: the signature with its campaign, if the caller has just read it (the
    confirm view has, from the token): it saves a query. What guards against two
    concurrent confirmations is the conditional UPDATE below, not this read."""
    if loaded is not None and loaded.pk == signature_id:
        signature = loaded
    else:
        signature = Signature.objects.select_related("campaign").filter(pk=signature_id).first()
    if signature is None:
        return ConfirmResult(ConfirmOutcome.NOT_FOUND)
    if signature.is_confirmed:
        return ConfirmResult(ConfirmOutcome.ALREADY_CONFIRMED, signature.campaign)
    if not signature.campaign.is_accepting_signatures:
        return ConfirmResult(ConfirmOutcome.CLOSED, signature.campaign)
    shard = SignatureTally.random_shard()
    # The conditional UPDATE is the guard: of two concurrent confirmations of one
    # signature, only one changes a row, and only that one counts it.
    claimed = Signature.objects.filter(pk=signature.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), tally_shard=shard
    )
    if not claimed:
        return ConfirmResult(ConfirmOutcome.ALREADY_CONFIRMED, signature.campaign)
    _add_to_tally(signature.campaign_id, signature.country.code, shard, +1)
    return ConfirmResult(ConfirmOutcome.CONFIRMED, signature.campaign)


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
    rows = SignatureTally.objects.filter(campaign_id=campaign_id, country=country, shard=shard)
    if rows.update(confirmed=F("confirmed") + delta):
        return
    try:
        with transaction.atomic():
            SignatureTally.objects.create(
                campaign_id=campaign_id, country=country, shard=shard, confirmed=delta
            )
    except IntegrityError:
        # Another transaction created the row first; it is there now.
        rows.update(confirmed=F("confirmed") + delta)


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
