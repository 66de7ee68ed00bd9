"""Signed links in the emails to signers: confirm a signature, or withdraw it (made and
read by core.tokens), carrying the key of the signer's owner's box (core/sealing.py) so
that the public role can show them what they stored. The confirmation link expires with
the unconfirmed signature, the withdrawal link (which shows the signer's name and address)
after SIGNER_LINK_DAYS, when its page offers to email the mailbox a fresh one."""

from campaigns.models import Signature
from core.encryption import Sealed
from core.tokens import Claims, Purpose, make, read
from core.tokens import TokenExpired as TokenExpired  # what the views catch
from core.tokens import TokenInvalid as TokenInvalid

CONFIRM = Purpose("campaigns.signature.confirm", days_setting="SIGNATURE_CONFIRMATION_DAYS")
WITHDRAW = Purpose("campaigns.signature.withdraw", days_setting="SIGNER_LINK_DAYS")
CONFIRM_SALT, WITHDRAW_SALT = CONFIRM.salt, WITHDRAW.salt


def _owner_key(signature: Signature) -> str:
    # Made by the office, which opens the sealed key; "" where there is none.
    key = signature.owner_key
    return key if key and not isinstance(key, Sealed) else ""


def confirm_token(signature: Signature) -> str:
    return make(
        CONFIRM, signature.public_id, signature.email_digest, owner_key=_owner_key(signature)
    )


def withdraw_token(signature: Signature) -> str:
    return make(
        WITHDRAW, signature.public_id, signature.email_digest, owner_key=_owner_key(signature)
    )


def read_confirm_claims(token: str) -> Claims:
    return read(token, CONFIRM)


def read_withdraw_claims(token: str) -> Claims:
    return read(token, WITHDRAW)


def signature_named(claims: Claims) -> Signature | None:
    """The signature a token's claims name, None if it no longer exists or its address
    is no longer the one the link was sent to; with what its signer stored put back on
    it from the owner's box that the link's key opens (Signature.reveal_to_owner)."""
    signature = (
        Signature.objects.select_related("campaign").filter(public_id=claims.public_id).first()
    )
    if signature is None or not signature.is_named_by_link(claims.digest):
        return None
    signature.reveal_to_owner(claims.owner_key)
    return signature
