"""The worker's side of a mailing: claim a batch of recipients, send each its email over
one SMTP connection, and record each as sent the moment the mail server has accepted it.

Exactly once, and what that means honestly:

- Each recipient of a mailing is one `Delivery` row (unique per mailing and recipient).
  A worker claims a batch in one short transaction: the rows waiting, locked with
  `FOR UPDATE SKIP LOCKED` on PostgreSQL so that a second worker takes the next rows
  instead of waiting (SQLite's IMMEDIATE transactions let one writer in at a time), are
  marked as claimed, with the time. Two workers never hold the same row.
- A row is marked sent in its own statement, in autocommit, straight after the server
  accepted its email; never before. A worker killed in the middle of a batch leaves its
  unsent rows claimed; after MAILING_CLAIM_SECONDS any worker puts them back, and they
  are sent then. So no email is lost, and none is sent twice, except in one window: a
  worker killed after the server's acceptance and before its UPDATE (a millisecond or
  so). Then that one email goes out again, with the same Message-ID
  (`emails.message_id`), which mail systems use to recognise a duplicate.
- A worker stops starting sends from its batch six EMAIL_TIMEOUTs before its claim
  expires, so it never sends what another worker may have taken back.

A permanent refusal (a 5xx answer to the recipient or its message) marks the address
refused (`SuppressedAddress`, a keyed digest) and later mailings skip it; a temporary
one (4xx, a lost connection) is retried after MAILING_RETRY_SECONDS, doubling, up to
MAILING_MAX_ATTEMPTS. Nothing logged here names an address: SMTP errors can quote one,
so only their class and code are kept.
"""

import contextlib
import datetime
import logging
import smtplib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import mailers
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from campaigns.models import Campaign, Signature, email_digest
from core import rate_limits
from supporters import tokens
from supporters.emails import MessageBuilder, Recipient
from supporters.models import (
    Delivery,
    DeliveryStatus,
    Mailing,
    MailingStatus,
    SuppressedAddress,
)

logger = logging.getLogger(__name__)

# How many socket operations one send may take (connect, EHLO, MAIL, RCPT, DATA and the
# message), each bounded by EMAIL_TIMEOUT: what a send may cost at worst.
OPERATIONS_PER_SEND = 6


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    # Seconds to wait before sending more (the rate limit), 0 to go on.
    wait: float = 0.0
    # The mail server could not be reached: stop this run, the rows wait for a retry.
    connection_lost: bool = False
    released: list[int] = field(default_factory=list)


def claim_batch(mailing_id: int, size: int, now: datetime.datetime) -> list[int]:
    """Claim up to `size` waiting recipients of a mailing that is sending."""
    with transaction.atomic():
        due = (
            Delivery.objects.filter(
                mailing_id=mailing_id,
                mailing__status=MailingStatus.SENDING,
                status=DeliveryStatus.PENDING,
                next_attempt_at__lte=now,
            )
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)
        )
        ids = list(due[:size])
        if ids:
            Delivery.objects.filter(pk__in=ids).update(
                status=DeliveryStatus.SENDING, claimed_at=now
            )
    return ids


def release_stale_claims(mailing_id: int, now: datetime.datetime | None = None) -> int:
    """Put back the recipients claimed by a worker that stopped (killed, its machine
    lost) more than MAILING_CLAIM_SECONDS ago; returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.MAILING_CLAIM_SECONDS)
    released = Delivery.objects.filter(
        mailing_id=mailing_id, status=DeliveryStatus.SENDING, claimed_at__lt=cutoff
    ).update(status=DeliveryStatus.PENDING, claimed_at=None)
    if released:
        logger.warning("Mailing %s: %s recipients of a stopped worker put back", mailing_id,
                       released)  # fmt: skip
    return released


def _recipients(ids: list[int]) -> list[tuple[Recipient | None, int]]:
    """Each claimed delivery's recipient, or None if they no longer want it (stopped the
    subscription it came by, or were forgotten). For a campaign's news, the signature
    its withdrawal link names: one query for the batch."""
    rows = Delivery.objects.filter(pk__in=ids).values_list(
        "pk", "supporter__email", "supporter__email_digest", "supporter__language",
        "supporter__confirmed_at", "subscription__public_id", "subscription__confirmed_at",
        "subscription__target_type_id", "subscription__target_id",
    ).order_by("pk")  # fmt: skip
    campaign_type = ContentType.objects.get_for_model(Campaign).pk
    digests_by_campaign: dict[int, list[str]] = {}
    for _pk, _email, digest, _lang, _c, _s, _sc, target_type, target_id in rows:
        if target_type == campaign_type:
            digests_by_campaign.setdefault(target_id, []).append(digest)
    signed = Q(pk__in=[])
    for campaign_id, digests in digests_by_campaign.items():
        signed |= Q(campaign_id=campaign_id, email_digest__in=digests)
    signatures = {
        (campaign_id, digest): public_id
        for campaign_id, digest, public_id in Signature.objects.filter(signed).values_list(
            "campaign_id", "email_digest", "public_id"
        )
    }
    result = []
    for pk, email, digest, language, supporter_confirmed, sub_id, confirmed, kind, target in rows:
        wanted = bool(email) and supporter_confirmed is not None and confirmed is not None
        recipient = Recipient(
            pk, tokens.SUBSCRIPTION, sub_id, email, language,
            signature_public_id=signatures.get((target, digest)) if kind == campaign_type else None,
        )  # fmt: skip
        result.append((recipient if wanted else None, pk))
    return result


def _retry(delivery_id: int, attempts: int, failure: str, now: datetime.datetime) -> bool:
    """Put a recipient back for a later attempt; or, after the last one, mark it failed.
    Returns whether it will be retried."""
    attempts += 1
    if attempts >= settings.MAILING_MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.FAILED, attempts=attempts, failure=failure, claimed_at=None
        )
        return False
    delay = datetime.timedelta(seconds=settings.MAILING_RETRY_SECONDS * 2 ** (attempts - 1))
    Delivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.PENDING, attempts=attempts, failure=failure,
        next_attempt_at=now + delay, claimed_at=None,
    )  # fmt: skip
    return True


def _refused(delivery_id: int, email: str, failure: str) -> None:
    """The server refused this address for good: fail it, and skip it from now on."""
    Delivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.FAILED, failure=failure, claimed_at=None
    )
    SuppressedAddress.objects.bulk_create(
        [SuppressedAddress(email_digest=email_digest(email), reason=failure)],
        ignore_conflicts=True,
    )


def _permanent_code(error: smtplib.SMTPException) -> int | None:
    """The 5xx code with which the server refused the recipient or their message, if it
    did (not the sender: that is our problem, not the address's)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        code = codes[0] if codes else None
    elif isinstance(error, smtplib.SMTPSenderRefused):
        return None
    elif isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
    else:
        return None
    return code if code is not None and 500 <= code < 600 else None


def _code(error: smtplib.SMTPException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return str(codes[0]) if codes else ""
    return str(getattr(error, "smtp_code", ""))


def send_batch(mailing: Mailing, builder: MessageBuilder, size: int) -> BatchResult:
    """Claim a batch, send it over one connection, record each outcome."""
    result = BatchResult()
    granted, wait = rate_limits.take("mailing", RATE, size)
    if not granted:
        result.wait = wait
        return result
    claimed_at = time.monotonic()
    now = timezone.now()
    _commit_without_waiting_for_the_disk()
    ids = claim_batch(mailing.pk, granted, now)
    result.claimed = len(ids)
    if not ids:
        return result
    # The last moment a send may start and still end inside the claim.
    deadline = (
        claimed_at + settings.MAILING_CLAIM_SECONDS - (OPERATIONS_PER_SEND * settings.SMTP_TIMEOUT)
    )
    recipients = _recipients(ids)
    unwanted = [pk for recipient, pk in recipients if recipient is None]
    wanted = [recipient for recipient, _pk in recipients if recipient is not None]
    digests = {recipient.delivery_id: email_digest(recipient.email) for recipient in wanted}
    refused = set(
        SuppressedAddress.objects.filter(email_digest__in=set(digests.values())).values_list(
            "email_digest", flat=True
        )
    )
    skipped = unwanted + [r.delivery_id for r in wanted if digests[r.delivery_id] in refused]
    if skipped:
        Delivery.objects.filter(pk__in=skipped).update(
            status=DeliveryStatus.SKIPPED, claimed_at=None
        )
        result.skipped = len(skipped)
    to_send = [r for r in wanted if digests[r.delivery_id] not in refused]
    attempts = dict(Delivery.objects.filter(pk__in=[r.delivery_id for r in to_send])
                    .values_list("pk", "attempts"))  # fmt: skip
    connection = mailers.default
    opened = False
    try:
        for index, recipient in enumerate(to_send):
            if time.monotonic() > deadline:
                result.released = [r.delivery_id for r in to_send[index:]]
                break
            try:
                if not opened:
                    connection.open()
                    opened = True
                _send(connection, builder, recipient)
            except ValueError:
                # An address the backend cannot put on an envelope: no retry will help.
                Delivery.objects.filter(pk=recipient.delivery_id).update(
                    status=DeliveryStatus.FAILED, failure="invalid address", claimed_at=None
                )
                result.failed += 1
            except smtplib.SMTPException as error:
                code = _permanent_code(error)
                failure = f"{type(error).__name__} {_code(error)}".strip()[:60]
                if code is not None:
                    _refused(recipient.delivery_id, recipient.email, failure)
                    result.failed += 1
                    continue
                now = timezone.now()
                if _retry(recipient.delivery_id, attempts[recipient.delivery_id], failure, now):
                    result.retried += 1
                else:
                    result.failed += 1
                if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
                    result.connection_lost = True
                    result.released = [r.delivery_id for r in to_send[index + 1 :]]
                    break
            except OSError as error:
                failure = f"{type(error).__name__}"[:60]
                now = timezone.now()
                if _retry(recipient.delivery_id, attempts[recipient.delivery_id], failure, now):
                    result.retried += 1
                else:
                    result.failed += 1
                result.connection_lost = True
                result.released = [r.delivery_id for r in to_send[index + 1 :]]
                break
            else:
                Delivery.objects.mark_sent(recipient.delivery_id, timezone.now())
                result.sent += 1
    finally:
        if result.released:
            Delivery.objects.filter(pk__in=result.released, status=DeliveryStatus.SENDING).update(
                status=DeliveryStatus.PENDING, claimed_at=None
            )
        if opened:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                connection.close()
    logger.info(
        "Mailing %s: %s sent, %s skipped of a batch of %s in %.2f s", mailing.pk, result.sent,
        result.skipped, result.claimed, time.monotonic() - claimed_at,
    )  # fmt: skip
    if result.failed or result.retried:
        logger.warning(
            "Mailing %s: %s failed for good, %s to retry", mailing.pk, result.failed,
            result.retried,
        )  # fmt: skip
    return result


RATE = rate_limits.Limit.parse(settings.MAILING_RATE)


def _commit_without_waiting_for_the_disk() -> None:
    """On PostgreSQL, this worker's commits stop waiting for the WAL to reach the disk
    (`synchronous_commit = off`, for its session). Measured, that wait was the largest
    cost of an email: one UPDATE per email, each a few milliseconds of fsync
    (docs/benchmarks.md). It changes nothing when a worker is killed: a commit is in the
    server as soon as it returns. Only if the database server itself crashes can the
    last moment of commits (at most three `wal_writer_delay`s, 0.6 s by default) be lost;
    those recipients are then claimed again and sent again, with the same Message-IDs
    (docs/security.md)."""
    if db_connection.vendor == "postgresql":
        with db_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")


def _send(connection, builder: MessageBuilder, recipient: Recipient) -> None:
    """Send one recipient's email over the open connection: on Django's SMTP backend,
    the bytes written once (MessageBuilder.raw says why) over its smtplib connection;
    on any other backend, Django's EmailMessage."""
    if isinstance(connection, SMTPBackend):
        address = recipient.email
        if not (address.isascii() and address.count("@") == 1 and address.isprintable()):
            address = connection.prep_address(address)  # IDNA, or ValueError
        raw = builder.raw(recipient, address)
        connection.connection.sendmail(builder.envelope_from, [address], raw)
    else:
        connection.send_messages([builder.build(recipient)])


def next_due(mailing_id: int) -> datetime.datetime | None:
    """When the next waiting recipient is due, or a claim may be taken back; None when
    nothing waits and nothing is claimed."""
    pending = Delivery.objects.filter(
        mailing_id=mailing_id, status=DeliveryStatus.PENDING
    ).aggregate(due=Min("next_attempt_at"))["due"]
    claimed = Delivery.objects.filter(
        mailing_id=mailing_id, status=DeliveryStatus.SENDING
    ).aggregate(oldest=Min("claimed_at"))["oldest"]
    if claimed is not None:
        claimed += datetime.timedelta(seconds=settings.MAILING_CLAIM_SECONDS)
    moments = [moment for moment in (pending, claimed) if moment is not None]
    return min(moments) if moments else None


def mailing_finish_if_done(mailing_id: int) -> bool:
    """Once nothing waits and nothing is claimed, write the mailing's figures and mark
    it finished (once: a conditional UPDATE). Returns whether it is finished."""
    if Delivery.objects.filter(
        mailing_id=mailing_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
    ).exists():
        return False
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().filter(pk=mailing_id).first()
        if mailing is None:
            return True
        if mailing.status == MailingStatus.DONE:
            return True
        progress = mailing.progress()
        Mailing.objects.filter(pk=mailing_id).update(
            status=MailingStatus.DONE,
            finished_at=timezone.now(),
            sent_count=progress.sent,
            failed_count=progress.failed,
            skipped_count=progress.skipped,
        )
    return True
