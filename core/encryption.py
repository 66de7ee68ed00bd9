"""Personal data encrypted at rest, and keyed digests to find it again.

A copied database, a backup or an SQL injection must yield no signer's address. So a
column that holds one is encrypted in the application, with keys the database never
sees (`SIGNER_DATA_KEYS`, Fernet: AES-128-CBC with an HMAC-SHA256, from the
`cryptography` package), and a second column holds a keyed digest of the value
(`SIGNER_DIGEST_KEY`), which is what uniqueness and look-ups use: equal values have
equal digests, and without the key a digest cannot be tested against a guess.

To encrypt another model's email addresses (the followers of issue 18, say)::

    from core.email_addresses import EmailDigestField
    from core.encryption import EncryptedEmailField

    class Follower(models.Model):
        email = EncryptedEmailField(_("email"))
        # Set from `email` on every save and insert: the keyed digest of its canonical
        # form (core.email_addresses.canonical), so ann.smith+x@gmail.com and
        # annsmith@gmail.com are one mailbox.
        email_digest = EmailDigestField(of="email")

        class Meta:
            constraints = [UniqueConstraint(fields=["person", "email_digest"], name="…")]

and look rows up with `.filter(email_digest=core.email_addresses.digest(address))`.
An encrypted column cannot be filtered, ordered or searched by its value (each
encryption of one value differs): the field refuses such look-ups. A migration that
turns an existing plain column into an encrypted one must rewrite its rows
(campaigns/migrations/0005 shows how), and `manage.py supporter_keys --rotate` re-seals
every sealed column to the newest key after a rotation (docs/deploy.md).

Why not django-fernet-encrypted-fields (jazzband, 0.4): it derives its keys from
SECRET_KEY (with PBKDF2 and a SALT_KEY), so whoever holds the key that signs sessions and
links could also read every address, and rotating SECRET_KEY rotates the data key too;
and it has no keyed digest for look-ups, which is the half of this module that the hot
path uses. The encryption itself is `cryptography`'s MultiFernet, written by people who
do that for a living; this module only wires it to Django.
"""

import binascii
import functools
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import exceptions
from django.db import models

from core import sealing
from core.fields import TextareaField, normalise_newlines


class KeyMissing(exceptions.ImproperlyConfigured):
    pass


def parse_fernet_keys(keys: list[str] | tuple[str, ...]) -> list[Fernet]:
    """The Fernet keys of SIGNER_DATA_KEYS, newest first; raises ValueError on a key
    that is not 32 url-safe base64-encoded bytes."""
    parsed = []
    for key in keys:
        try:
            parsed.append(Fernet(key.encode()))
        except (ValueError, binascii.Error):
            raise ValueError(
                "is not a Fernet key (32 url-safe base64-encoded bytes, as "
                "cryptography.fernet.Fernet.generate_key() makes)"
            ) from None
    return parsed


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise KeyMissing("SIGNER_DATA_KEYS is not set: signers' addresses cannot be encrypted.")
    return MultiFernet(parse_fernet_keys(keys))


def _data_keys() -> MultiFernet:
    # Looked up on every call, so that a test's override_settings takes effect; cached
    # per set of keys, because building the ciphers costs more than one encryption.
    return _fernet(tuple(settings.SIGNER_DATA_KEYS))


def encrypt(text: str) -> str:
    """The Fernet token of `text`, with the newest key (the first of SIGNER_DATA_KEYS)."""
    return _data_keys().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The text of a Fernet token made with any of SIGNER_DATA_KEYS."""
    try:
        return _data_keys().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError):
        raise KeyMissing(
            "An encrypted value cannot be read with any of SIGNER_DATA_KEYS: was a key "
            "removed before the migration that seals them had run?"
        ) from None


def rotate(token: str) -> str:
    """The same text encrypted with the newest key (MultiFernet.rotate)."""
    try:
        return _data_keys().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise KeyMissing("A value cannot be read with any of SIGNER_DATA_KEYS.") from None


@functools.cache
def _digest_key(secret: str) -> bytes:
    if not secret:
        raise KeyMissing("SIGNER_DIGEST_KEY is not set: signers cannot be told apart.")
    return hashlib.sha256(b"core.encryption.keyed_digest:" + secret.encode()).digest()


def keyed_digest(text: str, *, purpose: bytes) -> str:
    """A keyed BLAKE2b digest of `text` (128 bits, 32 hex digits): the same text gives the
    same digest; without SIGNER_DIGEST_KEY nobody can compute it, so a digest in a leaked
    database cannot be checked against a list of likely addresses. `purpose` (at most 16
    bytes) separates the digests of different kinds of value: an address and a domain
    never share a digest."""
    key = _digest_key(settings.SIGNER_DIGEST_KEY)
    return hashlib.blake2b(text.encode(), key=key, person=purpose, digest_size=16).hexdigest()


class Sealed(str):
    """A sealed value read by a process that cannot open it (the public role): it shows
    as the sealed text, never as what it holds, and is written back unchanged."""


class EncryptedTextField(models.TextField):
    """Text sealed to the office's public key (core/sealing.py; about 1.4 times as long
    as the text plus 70 characters), read back as text by the office, as `Sealed` by the
    public role. An empty value is stored empty: it holds nothing to protect, and erasing
    a value (`.update(field="")`) needs no key. Only `isnull` and equality with "" may be
    looked up: the database cannot compare what it cannot read."""

    description = "Text sealed to SUPPORTER_PUBLIC_KEY"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, Sealed) or sealing.is_sealed(value):
            return str(value)
        return sealing.seal(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "" or not sealing.is_sealed(value):
            # Not sealed: only before the migration that sealed every row (campaigns
            # 0009), which reads such values itself.
            return value
        if not sealing.can_open():
            return Sealed(value)
        return sealing.unseal(value)

    def formfield(self, **kwargs):
        # A comment: multi-line text, its line breaks LF (core.fields.TextareaField).
        return super().formfield(**{"form_class": TextareaField, **kwargs})

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(value, Sealed) or not isinstance(value, str):
            return value  # written back as it is
        return normalise_newlines(value)

    def get_lookup(self, lookup_name):
        if lookup_name not in ("isnull", "exact"):
            raise exceptions.FieldError(
                f"{self.model.__name__}.{self.name} is sealed: look it up by its digest."
            )
        return super().get_lookup(lookup_name)

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        return value


class ExactEmptyOnly(models.lookups.Exact):
    """`field=""` only (the erased values): any other value is encrypted differently each
    time, so no row would ever match it."""

    def get_db_prep_lookup(self, value, connection):
        if value != "":
            raise exceptions.FieldError("An encrypted field can only be compared with ''.")
        return super().get_db_prep_lookup(value, connection)


EncryptedTextField.register_lookup(ExactEmptyOnly)


class EncryptedCharField(EncryptedTextField):
    """A short text (a name), sealed at rest; edited as a CharField."""

    description = "Short text sealed to SUPPORTER_PUBLIC_KEY"

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(
            **{"form_class": forms.CharField, "widget": forms.TextInput, **kwargs}
        )


class EncryptedEmailField(EncryptedTextField):
    """An email address, sealed at rest; validated and edited as an EmailField."""

    description = "Email address sealed to SUPPORTER_PUBLIC_KEY"
    default_validators = models.EmailField.default_validators

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(**{"form_class": forms.EmailField, **kwargs})
