"""Supporters' data sealed to the office's key: the public web host can write it, only the
office can read it (issue 34, docs/security.md "Sealed supporter data").

A sealed value is libsodium's sealed box (X25519 and XSalsa20-Poly1305, from PyNaCl):
anyone holding `SUPPORTER_PUBLIC_KEY` can seal, only a holder of the matching private key
(`SUPPORTER_PRIVATE_KEYS`, which only the office role has) can open, and two seals of one
text differ, so equal values cannot be told apart. Each sealed value is stored as
``s1.<key id>.<base64>``: the key id (the first bytes of the public key's SHA-256) says
which private key opens it, so that keys can be rotated (`manage.py supporter_keys
--rotate`).

The owner's box is the other half: what a supporter stored, encrypted with a random key
that only their emailed links carry (`owner_key` sealed in the row lets the office put it
in the links). Through the public host, the owner, and only the owner, reads back what
they gave (the confirmation page, the data download).

No cryptography is written here: PyNaCl's `SealedBox` and `SecretBox` do it; this module
only names the keys and the storage format.
"""

import base64
import binascii
import functools
import hashlib
import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from nacl import exceptions as nacl_exceptions
from nacl import utils
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox

PREFIX = "s1."
KEY_ID_BYTES = 6


class CannotOpen(ImproperlyConfigured):
    """This process holds no private key that opens the value (the public role never
    does), or the value was sealed to a key that is no longer kept."""


def _decode_key(text: str, what: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii") + b"==")
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) != 32:
        raise ValueError(
            f"{what} is not a key: 32 bytes in url-safe base64, as `manage.py "
            "supporter_keys --new` prints."
        )
    return raw


def encode_key(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def key_pair() -> tuple[str, str]:
    """A new (public, private) key pair, each as url-safe base64."""
    private = PrivateKey.generate()
    return encode_key(bytes(private.public_key)), encode_key(bytes(private))


def key_id(public: PublicKey) -> str:
    return hashlib.sha256(bytes(public)).hexdigest()[: KEY_ID_BYTES * 2]


@functools.cache
def _public_box(public_key: str) -> tuple[str, SealedBox]:
    if not public_key:
        raise ImproperlyConfigured(
            "SUPPORTER_PUBLIC_KEY is not set: supporters' data cannot be sealed."
        )
    key = PublicKey(_decode_key(public_key, "SUPPORTER_PUBLIC_KEY"))
    return key_id(key), SealedBox(key)


@functools.cache
def _private_boxes(private_keys: tuple[str, ...]) -> dict[str, SealedBox]:
    boxes = {}
    for index, text in enumerate(private_keys, start=1):
        key = PrivateKey(_decode_key(text, f"Key {index} of SUPPORTER_PRIVATE_KEYS"))
        boxes[key_id(key.public_key)] = SealedBox(key)
    return boxes


def check_keys() -> list[str]:
    """What is wrong with the configured keys (for the system checks), if anything."""
    problems = []
    try:
        public_id, _box = _public_box(settings.SUPPORTER_PUBLIC_KEY)
    except (ImproperlyConfigured, ValueError) as error:
        problems.append(str(error))
        public_id = None
    try:
        private = _private_boxes(tuple(settings.SUPPORTER_PRIVATE_KEYS))
    except ValueError as error:
        problems.append(str(error))
        private = {}
    if private and public_id and public_id not in private:
        problems.append(
            "SUPPORTER_PUBLIC_KEY is not the public half of any key of SUPPORTER_PRIVATE_KEYS."
        )
    return problems


def can_open() -> bool:
    """Whether this process holds a private key (the office role)."""
    return bool(settings.SUPPORTER_PRIVATE_KEYS)


def is_sealed(value) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def seal(text: str) -> str:
    """`text` sealed to SUPPORTER_PUBLIC_KEY."""
    public_id, box = _public_box(settings.SUPPORTER_PUBLIC_KEY)
    sealed = box.encrypt(text.encode())
    return f"{PREFIX}{public_id}.{base64.b64encode(sealed).decode('ascii')}"


def unseal(value: str) -> str:
    """The text of a sealed value; raises CannotOpen without the private key it needs."""
    try:
        _prefix, public_id, data = value.split(".", 2)
    except ValueError:
        raise CannotOpen("Not a sealed value.") from None
    box = _private_boxes(tuple(settings.SUPPORTER_PRIVATE_KEYS)).get(public_id)
    if box is None:
        raise CannotOpen(
            "This process holds no private key that opens this value (the public role "
            "never does; in the office, was a key removed before `supporter_keys --rotate`?)"
        )
    try:
        return box.decrypt(base64.b64decode(data)).decode()
    except (nacl_exceptions.CryptoError, binascii.Error, ValueError):
        raise CannotOpen("A sealed value is damaged.") from None


def is_sealed_to_newest(value: str) -> bool:
    public_id, _box = _public_box(settings.SUPPORTER_PUBLIC_KEY)
    return value.startswith(f"{PREFIX}{public_id}.")


# -- The owner's box: read back through the public host with the key in the links ------


def owner_key_new() -> str:
    return encode_key(utils.random(SecretBox.KEY_SIZE))


def owner_box_close(key: str, data: dict) -> str:
    """`data` encrypted with the owner's key (from their links)."""
    box = SecretBox(_decode_key(key, "The link's key"))
    return base64.b64encode(box.encrypt(json.dumps(data).encode())).decode("ascii")


def owner_box_open(key: str, value: str) -> dict | None:
    """What the owner's box holds, or None if this key does not open it."""
    try:
        box = SecretBox(_decode_key(key, "The link's key"))
        return json.loads(box.decrypt(base64.b64decode(value)))
    except (ValueError, nacl_exceptions.CryptoError, binascii.Error, TypeError):
        return None
