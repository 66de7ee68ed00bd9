"""Signed links in emails, and the one rule of their expiry.

Every app's links are `django.core.signing` tokens with a salt per purpose, naming a
random public id and a keyed digest of the address, never the address or a sequential
id. `read` checks one against its purpose and, for a link that shows personal data
(`settings.SIGNER_LINK_DAYS`) or confirms something, its age: a genuine link that is too
old raises `TokenExpired` with what it says, so that its page can offer, by POST, to
email fresh links to the address it names, and answer the same whether that still
exists or not. Links that only stop emails never expire (RFC 8058)."""

from collections.abc import Callable

from django.core import signing


class TokenInvalid(Exception):
    """Altered, made up, or made for another purpose."""


class TokenExpired(Exception):
    """A genuine link that is too old. Carries its claims: its page may still ask for
    fresh links to be emailed to the address it names."""

    def __init__(self, claims):
        super().__init__("expired")
        self.claims = claims


def read[Claims](
    token: str, *, salt: str, parse: Callable[[object], Claims | None], days: int | None = None
) -> Claims:
    """What a token says (`parse` turns the signed payload into claims, None when it is
    not of the expected form); raises TokenExpired past `days` (None: never),
    TokenInvalid for anything altered or made up."""
    max_age = None if days is None else days * 86400
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        claims = parse(signing.loads(token, salt=salt))
        if claims is None:
            raise TokenInvalid from None
        raise TokenExpired(claims) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise TokenInvalid from None
    claims = parse(payload)
    if claims is None:
        raise TokenInvalid
    return claims
