"""Writes that touch several rows or send mail: following a person, stopping emails,
and starting, pausing and resuming mailings. Each runs in one transaction; the workers
are started only once it has committed."""

import datetime
import enum
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audience import services as audience
from audience.models import Subscription, Supporter
from campaigns import services as campaign_services
from campaigns.models import Campaign, CampaignUpdate, Signature
from core import rate_limits, sealing
from core.email_addresses import digest
from core.encryption import Sealed
from news.models import News, NewsKind
from prisoners.models import Person
from supporters import emails, tasks, tokens
from supporters.models import (
    Delivery,
    DeliveryStatus,
    FollowRequest,
    Mailing,
    MailingStatus,
    SuppressedAddress,
)

logger = logging.getLogger(__name__)

# A person who asks to follow again gets at most one more confirmation email in this time.
RESEND_INTERVAL = datetime.timedelta(minutes=10)
# Requests to follow (anyone, anything) from one address, counted by the office's intake.
FOLLOW_PER_EMAIL = rate_limits.Limit.parse(settings.RATE_LIMIT_FOLLOW_PER_EMAIL)


# -- Following a person ----------------------------------------------------------------


def follow_request(*, person: Person, email: str, language: str) -> None:
    """Store a request to follow a person, as the public host can: one INSERT, the
    address sealed to the office's key, no digest (it has no digest key), then ask the
    worker to take it in (follow_requests_take_in). The same answer for every address
    (the caller shows one page), and nothing here could tell them apart. A request
    whose worker was not reached waits for the next request's, or for the scheduled
    `queue_mailings`: the visitor is told it worked, because it did."""
    FollowRequest.objects.create(person=person, email=email, language=language)
    try:
        tasks.follow_intake_soon()
    except Exception:
        logger.exception("Could not ask the worker to take in follow requests")


def follow_requests_take_in(*, batch: int = 200) -> int:
    """The office's intake of the follow requests the public host stored: each becomes
    its mailbox's follow (_follow) and is deleted, in one transaction per batch with the
    emails it queues, so that a request is taken in, and its email queued, once.
    Returns how many were taken in.

    Two workers at once split the requests: each locks its batch and passes over the
    rows another holds (on PostgreSQL; SQLite writes one transaction at a time). Two
    requests of one mailbox taken in at once by two workers meet at the unique
    supporter and subscription (audience.services.subscribe): one makes them, the other
    finds them and sends nothing, the link having just been asked for."""
    taken = 0
    while True:
        with transaction.atomic():
            requests = list(
                FollowRequest.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("person")
                .order_by("pk")[:batch]
            )
            if not requests:
                return taken
            for request in requests:
                _follow(request)
            FollowRequest.objects.filter(pk__in=[request.pk for request in requests]).delete()
        taken += len(requests)


def _follow(request: FollowRequest) -> None:
    """Make a request the follow of its mailbox, and queue its confirmation email. A new
    follow gets the link; an unconfirmed one gets it again, at most once per
    RESEND_INTERVAL; a confirmed one gets nothing (it hears of the person already). An
    address asked for too often (RATE_LIMIT_FOLLOW_PER_EMAIL, counted here by its
    digest, which only the office can compute) gets nothing more: its visitor was
    answered long before, the same way."""
    if isinstance(request.email, Sealed):  # an office without its private key
        raise sealing.CannotOpen("Follow requests are taken in by the office role.")
    address_digest = digest(request.email)
    if rate_limits.hit(("follow-email", address_digest, FOLLOW_PER_EMAIL)):
        return
    now = timezone.now()
    subscription, created = audience.subscribe(
        email=request.email,
        language=request.language,
        target=request.person,
        email_digest=address_digest,
    )
    if created:
        Subscription.objects.filter(pk=subscription.pk).update(confirmation_requested_at=now)
    else:
        if subscription.is_confirmed:
            return
        recently = Q(confirmation_requested_at__gte=now - RESEND_INTERVAL)
        claimed = (
            Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True)
            .exclude(recently)
            .update(confirmation_requested_at=now)
        )
        if not claimed:
            return
    tasks.send_follow_confirmation.enqueue(subscription_id=subscription.pk)


class FollowOutcome(enum.Enum):
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already_confirmed"
    NOT_FOUND = "not_found"


def follow_confirm(*, claims: tokens.Claims) -> tuple[FollowOutcome, Subscription | None]:
    """Confirm a follow by its emailed link: one conditional UPDATE, so that opening
    the link twice confirms once."""
    subscription = tokens.subscription_named(claims)
    if subscription is None:
        return FollowOutcome.NOT_FOUND, None
    confirmed = audience.confirm(subscription=subscription)
    return (FollowOutcome.CONFIRMED if confirmed else FollowOutcome.ALREADY_CONFIRMED), subscription


def follower_links_resend(subscription: Subscription) -> None:
    """Email a follower's own address fresh links (asked for from an expired one): the
    download of what is held, and the way out. At most one such email per
    RESEND_INTERVAL, counted in the cache: the page answers the same either way."""
    interval = rate_limits.Limit(1, int(RESEND_INTERVAL.total_seconds()))
    if not rate_limits.hit(("follower-links", str(subscription.public_id), interval)):
        tasks.send_follower_links.enqueue(subscription_id=subscription.pk)


def follow_personal_data(subscription: Subscription) -> dict:
    """Everything held about a follow and its supporter, for its owner to download.
    Through the public host, the address is sealed (Supporter.email_for_owner)."""
    return {
        "person_followed": str(subscription.target),
        "email": subscription.supporter.email_for_owner(),
        "language": subscription.supporter.language,
        "asked_at": subscription.created_at.isoformat(),
        "confirmed_at": (
            subscription.confirmed_at.isoformat() if subscription.confirmed_at else None
        ),
        "supporter": subscription.supporter.as_personal_data(),
    }


@dataclass(frozen=True)
class Unsubscribed:
    """What an unsubscribe link stopped: the emails of one campaign, or of one person.
    Nothing about any other campaign or person is looked up. `erased`: the supporter
    followed nothing else, and their address is gone."""

    campaign: Campaign | None = None
    person: Person | None = None
    erased: bool = False


@transaction.atomic
def unsubscribe(*, claims: tokens.Claims) -> Unsubscribed | None:
    """Stop what the link names: a signer gets no more updates of that campaign (their
    signature stays counted, its wants_updates says no); a follow ends. A supporter left
    following nothing is forgotten, with the record of what was sent to them. Harmless
    to repeat; None if the link names nothing that exists."""
    if claims.kind == tokens.SIGNATURE:
        signature = tokens.signature_named(claims)
        if signature is None:
            return None
        Signature.objects.filter(pk=signature.pk).update(wants_updates=False)
        erased = audience.unsubscribe_address(
            email_digest=signature.email_digest, target=signature.campaign
        )
        return Unsubscribed(campaign=signature.campaign, erased=erased)
    subscription = tokens.subscription_named(claims)
    if subscription is None:
        return None
    target = subscription.target
    erased = audience.unsubscribe(subscription=subscription)
    if isinstance(target, Campaign):
        Signature.objects.filter(
            campaign=target, email_digest=subscription.supporter.email_digest
        ).update(wants_updates=False)
        return Unsubscribed(campaign=target, erased=erased)
    return Unsubscribed(person=target, erased=erased)


# -- Mailings ------------------------------------------------------------------------


class MailingRefused(Exception):
    """A mailing that may not start; the message says why, for staff."""


def signers_wanting_updates(campaign: Campaign):
    """The confirmed supporters who asked for a campaign's news (by a signature that
    asked for updates), each once."""
    return Supporter.objects.interested_in([campaign])


def followers_of(people):
    """The confirmed supporters who follow any of these people, each once (an address
    that follows two of them gets one email)."""
    return Supporter.objects.interested_in(people)


def audience_of(objects):
    """Each confirmed supporter who follows any of these objects (campaigns, people), once,
    with one of their confirmed subscriptions to them (what the email's unsubscribe link
    stops): (recipient_id, subscription_id) rows for `_insert_deliveries`."""
    return (
        Subscription.objects.confirmed()
        .to_any(objects)
        .filter(supporter__confirmed_at__isnull=False)
        .values(recipient_id=F("supporter_id"))
        .annotate(subscription_id=Min("pk"))
        .order_by()
    )


def updates_sent_this_week(campaign: Campaign, now: datetime.datetime | None = None) -> int:
    since = (now or timezone.now()) - datetime.timedelta(days=7)
    return Mailing.objects.of_campaign_updates_since(campaign, since).count()


def _insert_deliveries(mailing: Mailing, recipients) -> int:
    """One delivery row per supporter (`recipients`: audience_of()'s rows), written by one
    INSERT … SELECT (100,000 rows in about a second, where the ORM would build 100,000
    objects). Returns how many."""
    connection = connections[Delivery.objects.db]
    quote = connection.ops.quote_name
    select_sql, select_params = recipients.query.sql_with_params()
    now = Delivery._meta.get_field("next_attempt_at").get_db_prep_save(timezone.now(), connection)
    sql = (
        f"INSERT INTO {quote(Delivery._meta.db_table)} "  # noqa: S608 - identifiers from the model
        "(mailing_id, supporter_id, subscription_id, status, attempts, next_attempt_at, failure) "
        "SELECT %s, recipient.recipient_id, recipient.subscription_id, %s, 0, %s, '' "
        f"FROM ({select_sql}) AS recipient"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [mailing.pk, DeliveryStatus.PENDING, now, *select_params])
        return cursor.rowcount


def news_recipients(news: News):
    """Who hears of a piece of news: each confirmed supporter once, however many ways
    they asked (audience_of's rows). The one place that decides it: news about people
    (a status change, a story) reaches who follows them and who asked for the news of a
    public campaign for them; a campaign's news (an update, a response, an outcome)
    reaches who asked for that campaign's news."""
    if news.kind in (NewsKind.STATUS_CHANGE, NewsKind.STORY):
        people = list(news.about_objects(Person))
        campaigns = list(Campaign.objects.public().filter(prisoners__in=people).distinct())
        return audience_of([*people, *campaigns])
    return audience_of(list(news.about_objects(Campaign)))


def _start(*, news: News, recipients, user=None) -> Mailing:
    """Render the news's email, create the mailing and its deliveries; start the workers
    once committed. News already mailed is refused (one mailing per piece of news), by
    the unique column as well as by this read."""
    if Mailing.objects.filter(news=news).exists():
        raise MailingRefused(_("This has already been sent."))
    content = emails.render_content(news.kind, **emails.content_objects(news))
    try:
        with transaction.atomic():
            mailing = Mailing.objects.create(
                news=news,
                created_by=user,
                subject=content[settings.LANGUAGE_CODE]["subject"],
                content=content,
            )
    except IntegrityError:  # the same, started at the same moment elsewhere
        raise MailingRefused(_("This has already been sent.")) from None
    mailing.recipients = _insert_deliveries(mailing, recipients)
    if mailing.recipients:
        mailing.save(update_fields=["recipients"])
        transaction.on_commit(lambda: tasks.mailing_send_soon(mailing.pk))
    else:
        mailing.status = MailingStatus.DONE
        mailing.finished_at = timezone.now()
        mailing.save(update_fields=["recipients", "status", "finished_at"])
    logger.info("Mailing %s (%s) started for %s recipients", mailing.pk, news.topic,
                mailing.recipients)  # fmt: skip
    return mailing


def _campaign_mailing(*, news: News, user) -> Mailing:
    """Start the mailing of a campaign's news; refused when nobody is to get it (a
    mailing to nobody would be queued, finished and announced as sent)."""
    recipients = news_recipients(news)
    if not recipients.exists():
        raise MailingRefused(
            _("No signer of this campaign asked for its news: there is nobody to send this to.")
        )
    return _start(news=news, recipients=recipients, user=user)


@transaction.atomic
def campaign_update_send(*, update: CampaignUpdate, user=None) -> Mailing:
    """Publish an update on the campaign page and email it to the signers who asked for
    news, each in their language; at most CAMPAIGN_UPDATES_PER_WEEK a week per
    campaign."""
    campaign = Campaign.objects.select_for_update().get(pk=update.campaign_id)
    if updates_sent_this_week(campaign) >= settings.CAMPAIGN_UPDATES_PER_WEEK:
        raise MailingRefused(
            _(
                "This campaign's signers have had %(n)d updates by email in the last seven "
                "days, the most allowed (CAMPAIGN_UPDATES_PER_WEEK). The update can be "
                "published on the page without an email."
            )
            % {"n": settings.CAMPAIGN_UPDATES_PER_WEEK}
        )
    news = campaign_services.campaign_update_publish(update=update, user=user)
    return _campaign_mailing(news=news, user=user)


@transaction.atomic
def campaign_response_announce(*, campaign: Campaign, user=None) -> Mailing:
    """Email the addressee's response to the signers who asked for news (once)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    news = campaign_services.campaign_response_news_write(campaign=campaign, user=user)
    if news is None:
        raise MailingRefused(_("Record the response first."))
    return _campaign_mailing(news=news, user=user)


@transaction.atomic
def campaign_outcome_announce(*, campaign: Campaign, user=None) -> Mailing:
    """Email the outcome (handed over, won, closed) to the signers who asked for news,
    once per outcome."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    news = campaign_services.campaign_outcome_news_write(campaign=campaign, user=user)
    if news is None:
        raise MailingRefused(_("Record the outcome first: a text, the date it was handed over, "
                               "or the campaign won or closed."))  # fmt: skip
    return _campaign_mailing(news=news, user=user)


@transaction.atomic
def news_announce(*, news: News, user=None) -> Mailing | None:
    """Email a status change or a story as soon as its news is written, to whoever
    hears of it (news_recipients). Nothing when nobody does, or when it went out
    already (writing the same news again returns the first row)."""
    if Mailing.objects.filter(news=news).exists():
        return None
    recipients = news_recipients(news)
    if not recipients.exists():
        return None
    return _start(news=news, recipients=recipients, user=user)


def mailing_pause(*, mailing: Mailing) -> bool:
    """Stop the workers taking more recipients (what a worker has claimed is sent)."""
    return bool(
        Mailing.objects.filter(pk=mailing.pk, status=MailingStatus.SENDING).update(
            status=MailingStatus.PAUSED
        )
    )


def mailing_resume(*, mailing: Mailing) -> bool:
    resumed = Mailing.objects.filter(pk=mailing.pk, status=MailingStatus.PAUSED).update(
        status=MailingStatus.SENDING
    )
    if resumed:
        transaction.on_commit(lambda: tasks.mailing_send_soon(mailing.pk))
    return bool(resumed)


# -- Retention -----------------------------------------------------------------------


@transaction.atomic
def followers_purge_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Delete unconfirmed follows (and other subscriptions) whose link has expired, and
    follow requests no worker took in all that time."""
    FollowRequest.objects.stale(now).delete()
    return audience.purge_unconfirmed(now=now)


@transaction.atomic
def deliveries_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the per-recipient records of mailings finished more than
    MAILING_RECORDS_DAYS ago (their figures stay on the mailing)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.MAILING_RECORDS_DAYS)
    finished = Mailing.objects.filter(status=MailingStatus.DONE, finished_at__lt=cutoff)
    deleted, _by_model = Delivery.objects.filter(mailing__in=finished).delete()
    return deleted


@transaction.atomic
def suppressions_purge(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.SUPPRESSION_DAYS)
    deleted, _by_model = SuppressedAddress.objects.filter(created_at__lt=cutoff).delete()
    return deleted
