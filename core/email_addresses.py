"""Email addresses as the site compares them: one canonical form per mailbox, its keyed
digest (what the database stores to tell signers apart), its domain, and whether that
domain hands out throwaway addresses.

The canonical form follows the UK Parliament's petitions site: lower case, without a
`+tag` (ann+x@example.org is ann@example.org), and for Gmail, which ignores them, without
the dots of the local part, googlemail.com being gmail.com (a.n.n@googlemail.com is
ann@gmail.com). So one mailbox signs once, however its owner spells it.
"""

import hashlib
import hmac

from disposable_email_domains import blocklist as _disposable_domains
from django.conf import settings
from django.db import models

from core.encryption import Sealed, keyed_digest

# Domains whose mailboxes ignore dots in the local part and are one another's aliases.
GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


def split(address: str) -> tuple[str, str]:
    """(local part, domain), both lower case, the domain without a trailing dot."""
    local, _at, domain = address.strip().lower().rpartition("@")
    return local, domain.rstrip(".")


def canonical(address: str) -> str:
    """The one form of every spelling of a mailbox's address."""
    local, domain = split(address)
    local = local.split("+", 1)[0]
    if domain in GMAIL_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def domain_of(address: str) -> str:
    """The canonical domain of an address (googlemail.com is gmail.com)."""
    return canonical(address).rpartition("@")[2]


def digest(address: str) -> str:
    """The keyed digest of an address's canonical form: what is stored to tell mailboxes
    apart (core.encryption.keyed_digest), never the address."""
    return keyed_digest(canonical(address), purpose=b"email-address")


def rate_key(address: str) -> str:
    """What the public role counts a mailbox's attempts by, in the cache, for as long as a
    rate limit's window: keyed with the key both roles hold (never the office's digest
    key), so whoever holds the public host can test a guess only against the attempts of
    the last minutes, which they could watch arrive anyway."""
    key = (settings.SUPPORTER_LINK_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, b"rate-key:" + canonical(address).encode(), hashlib.sha256).hexdigest()[
        :32
    ]


def domain_digest(domain: str) -> str:
    """The keyed digest of a domain, stored with each address: a personal domain
    (ivan@ivanov.by) names its owner as well as the address does, so the domain is not
    stored in the clear either; staff find the signatures of a domain by typing it."""
    return keyed_digest(domain.strip().lower().rstrip("."), purpose=b"email-domain")


def parent_domains(domain: str) -> list[str]:
    """The domain and every domain above it with a dot: a.b.example.org, b.example.org,
    example.org. A block of a domain covers its subdomains."""
    labels = domain.split(".")
    return [".".join(labels[index:]) for index in range(len(labels) - 1)] or [domain]


def is_disposable(domain: str) -> bool:
    """Whether the domain (or a domain above it) hands out throwaway mailboxes, by the
    list of the `disposable-email-domains` package, which its maintainers keep current
    (upgrade it with the other dependencies: `make lock`)."""
    return any(name in _disposable_domains for name in parent_domains(domain))


class EmailDigestField(models.CharField):
    """The keyed digest of the canonical form of another field's address (`of`), or with
    `part="domain"` of its domain, set on every save and insert from that field; look
    rows up with `digest(address)` (or `domain_digest(domain)`). With `on_save=False` it
    is left to the code that writes it (the office's intake of signatures, which the
    public role stores without one: it has no digest key). A row whose address was
    erased keeps the digest it was given (an erased row's own, unique marker), rather
    than the digest of an empty address, which all erased rows would share."""

    def __init__(self, *args, of: str, part: str = "address", on_save: bool = True, **kwargs):
        if part not in ("address", "domain"):
            raise ValueError(f"part={part!r}: 'address' or 'domain'")
        self.of, self.part, self.on_save = of, part, on_save
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["of"] = self.of
        if self.part != "address":
            kwargs["part"] = self.part
        if not self.on_save:
            kwargs["on_save"] = False
        if kwargs.get("max_length") == 64:
            del kwargs["max_length"]
        if kwargs.get("editable") is False:
            del kwargs["editable"]
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        address = getattr(model_instance, self.of) if self.on_save else ""
        if address and not isinstance(address, Sealed):
            value = digest(address) if self.part == "address" else domain_digest(domain_of(address))
            setattr(model_instance, self.attname, value)
        return super().pre_save(model_instance, add)
