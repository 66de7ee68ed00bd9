"""Signed links in emails: the one place they are made and read, and the one rule of
their expiry.

Every app's links are `django.core.signing` tokens with a salt per purpose (`Purpose`),
naming a random public id and a keyed digest of the address, never the address or a
sequential id, so that a link in a server log or a browser history reveals nothing about
its owner, nor how many there are. Where one purpose names rows of several kinds (an
unsubscribe link names a signature or a subscription), the token carries the kind too.

`read` checks a token against its purpose and, for a link that shows personal data
(`settings.SIGNER_LINK_DAYS`) or confirms something, its age: a genuine link that is too
old raises `TokenExpired` with what it says, so that its page can offer, by POST, to
email fresh links to the address it names, and answer the same whether that still
exists or not. Links that only stop emails never expire (RFC 8058)."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing


class TokenInvalid(Exception):
    """Altered, made up, or made for another purpose."""


class TokenExpired(Exception):
    """A genuine link that is too old. Carries its claims: its page may still ask for
    fresh links to be emailed to the address it names."""

    def __init__(self, claims: "Claims"):
        super().__init__("expired")
        self.claims = claims


@dataclass(frozen=True)
class Purpose:
    """What a link is for: its salt, the kinds of row it may name (none: one kind, not
    written in the token), and the setting that says how many days it works (None:
    forever)."""

    salt: str
    kinds: tuple[str, ...] = ()
    days_setting: str | None = None

    @property
    def days(self) -> int | None:
        return None if self.days_setting is None else getattr(settings, self.days_setting)


@dataclass(frozen=True)
class Claims:
    """What a genuine token says: the public id it names, the keyed digest of the address
    it was sent to, and the kind of row where its purpose has several."""

    public_id: uuid.UUID
    digest: str
    kind: str = ""
    # The key of the owner's box (core/sealing.py): what lets the public host show the
    # owner what they stored, which it cannot read itself. Empty in older links.
    owner_key: str = ""


def _key() -> str:
    """The links are signed with SUPPORTER_LINK_KEY, which both roles hold (the office
    makes them, the public role reads them), each keeping its own SECRET_KEY; with one
    role, SECRET_KEY."""
    return settings.SUPPORTER_LINK_KEY or settings.SECRET_KEY


def _fallback_keys() -> list[str]:
    # Links signed before SUPPORTER_LINK_KEY existed, and during a rotation of SECRET_KEY.
    return [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]


def make(
    purpose: Purpose, public_id: uuid.UUID, digest: str, kind: str = "", owner_key: str = ""
) -> str:
    if (kind or purpose.kinds) and kind not in purpose.kinds:
        raise ValueError(f"{kind!r} is not a kind of {purpose.salt}")
    payload = [kind, str(public_id), digest] if purpose.kinds else [str(public_id), digest]
    if owner_key:
        payload.append(owner_key)
    return signing.dumps(payload, key=_key(), salt=purpose.salt)


def _parse(purpose: Purpose, payload) -> Claims | None:
    try:
        if purpose.kinds:
            kind, public_id, digest, *rest = payload
            if kind not in purpose.kinds:
                return None
        else:
            kind = ""
            public_id, digest, *rest = payload
        owner_key = rest[0] if rest else ""
        if not isinstance(digest, str) or not isinstance(owner_key, str) or len(rest) > 1:
            return None
        return Claims(uuid.UUID(public_id), digest, kind, owner_key)
    except (ValueError, TypeError, AttributeError):
        return None


def _keys() -> dict:
    return {"key": _key(), "fallback_keys": _fallback_keys()}


def read(token: str, purpose: Purpose, *, expires: bool = True) -> Claims:
    """What a token made for `purpose` says; raises TokenExpired past the purpose's days
    (unless `expires` is False: a link that only stops emails), TokenInvalid for
    anything altered, made up or made for another purpose."""
    days = purpose.days if expires else None
    max_age = None if days is None else days * 86400
    try:
        payload = signing.loads(token, **_keys(), salt=purpose.salt, max_age=max_age)
    except signing.SignatureExpired:
        claims = _parse(purpose, signing.loads(token, **_keys(), salt=purpose.salt))
        if claims is None:
            raise TokenInvalid from None
        raise TokenExpired(claims) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise TokenInvalid from None
    claims = _parse(purpose, payload)
    if claims is None:
        raise TokenInvalid
    return claims
