"""Signed links in the emails to supporters: confirm a follow, and stop emails.

As the signers' links (campaigns/tokens.py): `django.core.signing` with a salt per
purpose, naming a random public id and a keyed digest of the address, never the address
or a sequential id. The confirmation link expires with the unconfirmed follow; the
unsubscribe link never does: RFC 8058 mail clients post to it whenever the reader
presses "unsubscribe", months later, and stopping emails harms nobody.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from campaigns.models import Signature, email_digest
from supporters.models import Follower

FOLLOW_CONFIRM_SALT = "supporters.follow.confirm"
UNSUBSCRIBE_SALT = "supporters.unsubscribe"

# What an unsubscribe link stops: a signature's updates, or a follow.
SIGNATURE = "s"
FOLLOWER = "f"


class TokenInvalid(Exception):
    pass


class TokenExpired(Exception):
    pass


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


def _parse(payload) -> Claims:
    try:
        kind, public_id, digest = payload
        if kind not in (SIGNATURE, FOLLOWER) or not isinstance(digest, str):
            raise TokenInvalid
        return Claims(kind, uuid.UUID(public_id), digest)
    except (ValueError, TypeError, AttributeError):
        raise TokenInvalid from None


def read_follow_confirm(token: str) -> Claims:
    max_age = settings.SIGNATURE_CONFIRMATION_DAYS * 86400
    try:
        return _parse(signing.loads(token, salt=FOLLOW_CONFIRM_SALT, max_age=max_age))
    except signing.SignatureExpired:
        raise TokenExpired from None
    except (signing.BadSignature, ValueError, TypeError):
        raise TokenInvalid from None


def read_unsubscribe(token: str) -> Claims:
    try:
        return _parse(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, ValueError, TypeError):
        raise TokenInvalid from None


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
