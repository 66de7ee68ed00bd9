"""The organisation's signature on a static copy: Ed25519 over the copy's manifest
(SHA256SUMS, in sha256sum's own format), through the `cryptography` library.

The private key is a PEM file on the machine that builds copies (MIRROR_SIGNING_KEY, a
path); it never needs to be on the public web host, which only publishes the public key
(MIRROR_PUBLIC_KEY, the base64 body of its PEM) at /mirror-key.pem and in docs/. A
mirror operator checks a copy with OpenSSL alone (docs/deploy.md, "Checking a copy"):

    openssl pkeyutl -verify -pubin -inkey mirror-key.pem -rawin \
        -in SHA256SUMS -sigfile SHA256SUMS.sig && sha256sum --quiet -c SHA256SUMS
"""

import base64
import hashlib
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings

MANIFEST = "SHA256SUMS"
SIGNATURE = "SHA256SUMS.sig"


class KeyProblem(Exception):
    """A key that is missing, unreadable or not the one the site publishes."""


def new_private_key_pem() -> bytes:
    """A fresh Ed25519 private key, as an unencrypted PKCS#8 PEM file."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_private_key(path: str | Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as error:
        raise KeyProblem(f"The signing key {path} cannot be read: {error}") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem(f"The signing key {path} is not an Ed25519 key.")
    return key


def public_key_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def published_public_key() -> Ed25519PublicKey | None:
    """The public key the site publishes: MIRROR_PUBLIC_KEY, or in development the
    public half of the signing key file, if there is one."""
    body = settings.MIRROR_PUBLIC_KEY
    if body:
        der = base64.b64decode("".join(body.split()))
        key = serialization.load_der_public_key(der)
        if not isinstance(key, Ed25519PublicKey):
            raise KeyProblem("MIRROR_PUBLIC_KEY is not an Ed25519 public key.")
        return key
    if (
        settings.DEBUG
        and settings.MIRROR_SIGNING_KEY
        and Path(settings.MIRROR_SIGNING_KEY).exists()
    ):
        return load_private_key(settings.MIRROR_SIGNING_KEY).public_key()
    return None


def one_line(key: Ed25519PublicKey) -> str:
    """The public key as MIRROR_PUBLIC_KEY takes it: the base64 body of its PEM."""
    return "".join(public_key_pem(key).splitlines()[1:-1])


def manifest_line(digest: str, file: str) -> str:
    return f"{digest}  {file}\n"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(root: Path) -> dict[str, str]:
    """The digests of a copy's previous manifest, by file; empty if it has none."""
    try:
        text = (root / MANIFEST).read_text("utf-8")
    except FileNotFoundError:
        return {}
    digests = {}
    for line in text.splitlines():
        digest, _, file = line.partition("  ")
        if file:
            digests[file] = digest
    return digests


def write_manifest(root: Path, digests: dict[str, str], key: Ed25519PrivateKey | None) -> None:
    """SHA256SUMS for every file of the copy, and its signature when a key is given."""
    text = "".join(manifest_line(digests[file], file) for file in sorted(digests))
    (root / MANIFEST).write_text(text, "utf-8")
    signature = root / SIGNATURE
    if key is None:
        signature.unlink(missing_ok=True)
    else:
        signature.write_bytes(key.sign(text.encode("utf-8")))


def verify(root: Path, key: Ed25519PublicKey) -> list[str]:
    """What is wrong with a copy: a bad or missing signature, a file missing or
    altered. Empty when the copy is exactly what was signed."""
    try:
        manifest = (root / MANIFEST).read_bytes()
        signature = (root / SIGNATURE).read_bytes()
    except FileNotFoundError as missing:
        return [f"{Path(missing.filename).name} is missing."]
    try:
        key.verify(signature, manifest)
    except InvalidSignature:
        return [f"{SIGNATURE} is not a signature of {MANIFEST} by this key."]
    problems = []
    for file, digest in read_manifest(root).items():
        try:
            data = (root / file).read_bytes()
        except FileNotFoundError:
            problems.append(f"{file} is missing.")
            continue
        if sha256(data) != digest:
            problems.append(f"{file} has been altered.")
    return problems
