"""Signed links in the emails to signers: confirm a signature, or withdraw it.

A token names a signature by its random public id, with the keyed digest of its address
that the database stores (core/email_addresses.py), signed with SECRET_KEY
(django.core.signing). It holds no personal data in the clear
and no sequential id, so a link that ends up in a server log or a browser history
reveals nothing about the signer, nor how many signed. Both kinds of link expire: the
confirmation link with the unconfirmed signature, the withdrawal link (which shows the
signer's name and address) after SIGNER_LINK_DAYS, when its page offers to email the
mailbox a fresh one: the rule of core.tokens, which the followers' links share.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from campaigns.models import Signature
from core.tokens import TokenExpired as TokenExpired  # what the views catch
from core.tokens import TokenInvalid as TokenInvalid
from core.tokens import read

CONFIRM_SALT = "campaigns.signature.confirm"
WITHDRAW_SALT = "campaigns.signature.withdraw"


@dataclass(frozen=True)
class Claims:
    public_id: uuid.UUID
    digest: str


def _make(signature: Signature, salt: str) -> str:
    return signing.dumps([str(signature.public_id), signature.email_digest], salt=salt)


def confirm_token(signature: Signature) -> str:
    return _make(signature, CONFIRM_SALT)


def withdraw_token(signature: Signature) -> str:
    return _make(signature, WITHDRAW_SALT)


def _parse(payload) -> Claims:
    try:
        public_id, digest = payload
        return Claims(uuid.UUID(public_id), digest) if isinstance(digest, str) else None
    except (ValueError, TypeError, AttributeError):
        return None


def signature_named(claims: Claims) -> Signature | None:
    """The signature a token's claims name, None if it no longer exists or its address
    is no longer the one the link was sent to."""
    signature = (
        Signature.objects.select_related("campaign").filter(public_id=claims.public_id).first()
    )
    if signature is None or not signature.is_named_by_link(claims.digest):
        return None
    return signature


def read_confirm_claims(token: str) -> Claims:
    return read(token, salt=CONFIRM_SALT, parse=_parse, days=settings.SIGNATURE_CONFIRMATION_DAYS)


def read_withdraw_claims(token: str) -> Claims:
    return read(token, salt=WITHDRAW_SALT, parse=_parse, days=settings.SIGNER_LINK_DAYS)
