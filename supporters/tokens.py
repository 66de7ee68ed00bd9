"""Signed links in the emails to supporters: confirm a follow, and stop emails.

As the signers' links (campaigns/tokens.py), read by the one rule of core.tokens:
`django.core.signing` with a salt per purpose, naming a random public id and a keyed
digest of the address, never the address or a sequential id. The confirmation link
expires with the unconfirmed follow. The unsubscribe link never stops stopping emails:
RFC 8058 mail clients post to it whenever the reader presses "unsubscribe", months later,
and that harms nobody. But the download of what is held about a follow (the address)
is the same link with `data.json`, and it works for SIGNER_LINK_DAYS, as a signer's
does: then its page offers to email fresh links to the follower's own address.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from campaigns.models import Signature, email_digest
from core.tokens import TokenExpired as TokenExpired  # what the views catch
from core.tokens import TokenInvalid as TokenInvalid
from core.tokens import read
from supporters.models import Follower

FOLLOW_CONFIRM_SALT = "supporters.follow.confirm"
UNSUBSCRIBE_SALT = "supporters.unsubscribe"

# What an unsubscribe link stops: a signature's updates, or a follow.
SIGNATURE = "s"
FOLLOWER = "f"


@dataclass(frozen=True)
class Claims:
    kind: str
    public_id: uuid.UUID
    digest: str


def follow_confirm_token(follower: Follower) -> str:
    return signing.dumps(
        [FOLLOWER, str(follower.public_id), email_digest(follower.email)],
        salt=FOLLOW_CONFIRM_SALT,
    )


def unsubscribe_token(kind: str, public_id: uuid.UUID, email: str) -> str:
    """The link that stops a signature's updates (kind SIGNATURE) or a follow (FOLLOWER).
    Made for every recipient of a mailing: from the values alone, without a row."""
    return signing.dumps([kind, str(public_id), email_digest(email)], salt=UNSUBSCRIBE_SALT)


def _parse(payload) -> Claims | None:
    try:
        kind, public_id, digest = payload
        if kind not in (SIGNATURE, FOLLOWER) or not isinstance(digest, str):
            return None
        return Claims(kind, uuid.UUID(public_id), digest)
    except (ValueError, TypeError, AttributeError):
        return None


def read_follow_confirm(token: str) -> Claims:
    return read(
        token, salt=FOLLOW_CONFIRM_SALT, parse=_parse, days=settings.SIGNATURE_CONFIRMATION_DAYS
    )


def read_unsubscribe(token: str) -> Claims:
    """An unsubscribe link, whatever its age."""
    return read(token, salt=UNSUBSCRIBE_SALT, parse=_parse)


def read_follower_data(token: str) -> Claims:
    """The same link, for the download of what is held: SIGNER_LINK_DAYS."""
    return read(token, salt=UNSUBSCRIBE_SALT, parse=_parse, days=settings.SIGNER_LINK_DAYS)


def follower_named(claims: Claims) -> Follower | None:
    """The follow a link names, None if it is gone or its address is not the one the
    link was sent to."""
    if claims.kind != FOLLOWER:
        return None
    follower = Follower.objects.select_related("person").filter(public_id=claims.public_id).first()
    if follower is None or email_digest(follower.email) != claims.digest:
        return None
    return follower


def signature_named(claims: Claims) -> Signature | None:
    if claims.kind != SIGNATURE:
        return None
    signature = (
        Signature.objects.select_related("campaign").filter(public_id=claims.public_id).first()
    )
    if signature is None or not signature.email or email_digest(signature.email) != claims.digest:
        return None
    return signature
