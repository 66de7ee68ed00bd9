"""Signed links in the emails to signers: confirm a signature, or withdraw it.

A token names a signature and a digest of its address, signed with SECRET_KEY
(django.core.signing). It holds no personal data in the clear, so a link that ends up
in a server log or a browser history reveals nothing about the signer.
"""

from django.conf import settings
from django.core import signing

from campaigns.models import Signature, email_digest

CONFIRM_SALT = "campaigns.signature.confirm"
WITHDRAW_SALT = "campaigns.signature.withdraw"


class TokenExpired(Exception):
    pass


class TokenInvalid(Exception):
    pass


def _make(signature: Signature, salt: str) -> str:
    return signing.dumps([signature.pk, email_digest(signature.email)], salt=salt)


def confirm_token(signature: Signature) -> str:
    return _make(signature, CONFIRM_SALT)


def withdraw_token(signature: Signature) -> str:
    return _make(signature, WITHDRAW_SALT)


def _claims(token: str, salt: str, max_age: int | None) -> tuple[int, str]:
    """The signature id and email digest a token carries; raises TokenExpired or
    TokenInvalid for links that are too old, altered or made up."""
    try:
        signature_id, digest = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise TokenExpired from None
    except (signing.BadSignature, ValueError, TypeError):
        raise TokenInvalid from None
    if not isinstance(signature_id, int) or not isinstance(digest, str):
        raise TokenInvalid
    return signature_id, digest


def signature_named(signature_id: int, digest: str) -> Signature | None:
    """The signature a token's claims name, None if it no longer exists or its address
    is no longer the one the link was sent to."""
    signature = Signature.objects.select_related("campaign").filter(pk=signature_id).first()
    if signature is None or email_digest(signature.email) != digest:
        return None
    return signature


def read_confirm_claims(token: str) -> tuple[int, str]:
    return _claims(token, CONFIRM_SALT, max_age=settings.SIGNATURE_CONFIRMATION_DAYS * 86400)


def read_withdraw_token(token: str) -> Signature | None:
    return signature_named(*_claims(token, WITHDRAW_SALT, max_age=None))
