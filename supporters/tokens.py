"""Signed links in the emails to supporters: confirm a follow, and stop emails (made and
read by core.tokens).

The confirmation link expires with the unconfirmed follow. The unsubscribe link never
stops stopping emails: RFC 8058 mail clients post to it whenever the reader presses
"unsubscribe", months later, and that harms nobody. But the download of what is held
about a follow (the address) is the same link with `data.json`, and it works for
SIGNER_LINK_DAYS, as a signer's does: then its page offers to email fresh links to the
follower's own address.

An unsubscribe link names a subscription (audience.Subscription: what the mailings'
links name, and a follow's; a follow made before that table kept its public id), or a
signature (the links in campaign emails sent before it).

Reading a link needs no secret but the link key: a link is checked against the digest
stored with its row, never against a digest computed from the address, so that the
public host, which has neither the address nor the digest key, confirms and stops
follows (docs/security.md "Sealed supporter data", flow 6)."""

import uuid

from django.utils.crypto import constant_time_compare

from audience.models import Subscription
from campaigns.models import Signature
from core.email_addresses import digest
from core.tokens import Claims, Purpose, make, read
from core.tokens import TokenExpired as TokenExpired  # what the views catch
from core.tokens import TokenInvalid as TokenInvalid

# What an unsubscribe link stops: a signature's updates, or a subscription.
SIGNATURE = "s"
SUBSCRIPTION = "f"
FOLLOWER = SUBSCRIPTION  # the letter the follows' links have always carried

FOLLOW_CONFIRM = Purpose(
    "supporters.follow.confirm", kinds=(SUBSCRIPTION,), days_setting="SIGNATURE_CONFIRMATION_DAYS"
)
UNSUBSCRIBE = Purpose(
    "supporters.unsubscribe", kinds=(SIGNATURE, SUBSCRIPTION), days_setting="SIGNER_LINK_DAYS"
)
FOLLOW_CONFIRM_SALT, UNSUBSCRIBE_SALT = FOLLOW_CONFIRM.salt, UNSUBSCRIBE.salt


def follow_confirm_token(subscription: Subscription) -> str:
    return make(
        FOLLOW_CONFIRM, subscription.public_id, subscription.supporter.email_digest, SUBSCRIPTION
    )


def unsubscribe_token(kind: str, public_id: uuid.UUID, email: str) -> str:
    """The link that stops a signature's updates (kind SIGNATURE) or a subscription
    (SUBSCRIPTION). Made for every recipient of a mailing: from the values alone,
    without a row."""
    return make(UNSUBSCRIBE, public_id, digest(email), kind)


def subscription_unsubscribe_token(subscription: Subscription) -> str:
    """The link that ends this subscription, from its stored digest: what the public
    host shows once a follow is confirmed (it cannot compute a digest)."""
    return make(
        UNSUBSCRIBE, subscription.public_id, subscription.supporter.email_digest, SUBSCRIPTION
    )


def _names(stored_digest: str | None, claims: Claims) -> bool:
    return bool(stored_digest) and constant_time_compare(stored_digest, claims.digest)


def read_follow_confirm(token: str) -> Claims:
    return read(token, FOLLOW_CONFIRM)


def read_unsubscribe(token: str) -> Claims:
    """An unsubscribe link, whatever its age."""
    return read(token, UNSUBSCRIBE, expires=False)


def read_follower_data(token: str) -> Claims:
    """The same link, for the download of what is held: SIGNER_LINK_DAYS."""
    return read(token, UNSUBSCRIBE)


def subscription_named(claims: Claims) -> Subscription | None:
    """The subscription a link names, None if it is gone or its address is not the one
    the link was sent to."""
    if claims.kind != SUBSCRIPTION:
        return None
    subscription = (
        Subscription.objects.select_related("supporter", "target_type")
        .filter(public_id=claims.public_id)
        .first()
    )
    if subscription is None or not _names(subscription.supporter.email_digest, claims):
        return None
    return subscription


def signature_named(claims: Claims) -> Signature | None:
    if claims.kind != SIGNATURE:
        return None
    signature = (
        Signature.objects.select_related("campaign").filter(public_id=claims.public_id).first()
    )
    if signature is None or not signature.email or not _names(signature.email_digest, claims):
        return None
    return signature
