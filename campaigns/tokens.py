"""Signed links in the emails to signers: confirm a signature, or withdraw it (made and
read by core.tokens). The confirmation link expires with the unconfirmed signature, the
withdrawal link (which shows the signer's name and address) after SIGNER_LINK_DAYS, when
its page offers to email the mailbox a fresh one."""

from campaigns.models import Signature
from core.tokens import Claims, Purpose, make, read
from core.tokens import TokenExpired as TokenExpired  # what the views catch
from core.tokens import TokenInvalid as TokenInvalid

CONFIRM = Purpose("campaigns.signature.confirm", days_setting="SIGNATURE_CONFIRMATION_DAYS")
WITHDRAW = Purpose("campaigns.signature.withdraw", days_setting="SIGNER_LINK_DAYS")
CONFIRM_SALT, WITHDRAW_SALT = CONFIRM.salt, WITHDRAW.salt


def confirm_token(signature: Signature) -> str:
    return make(CONFIRM, signature.public_id, signature.email_digest)


def withdraw_token(signature: Signature) -> str:
    return make(WITHDRAW, signature.public_id, signature.email_digest)


def read_confirm_claims(token: str) -> Claims:
    return read(token, CONFIRM)


def read_withdraw_claims(token: str) -> Claims:
    return read(token, WITHDRAW)


def signature_named(claims: Claims) -> Signature | None:
    """The signature a token's claims name, None if it no longer exists or its address
    is no longer the one the link was sent to."""
    signature = (
        Signature.objects.select_related("campaign").filter(public_id=claims.public_id).first()
    )
    if signature is None or not signature.is_named_by_link(claims.digest):
        return None
    return signature
