"""manage.py mirror_key: make the key that signs the static copies, or print its public half."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import signed_manifest


class Command(BaseCommand):
    help = (
        "--new PATH writes a new Ed25519 signing key (keep it in the password manager and "
        "on the machine that builds copies only); --public prints MIRROR_PUBLIC_KEY for "
        "the key in MIRROR_SIGNING_KEY, and its PEM for docs/mirror-key.pem."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--new", metavar="PATH", help="Write a new private key here.")
        group.add_argument("--public", action="store_true", help="Print the public key.")
        parser.add_argument(
            "--if-missing", action="store_true", help="With --new: keep a key already there."
        )

    def handle(self, *args, new: str | None, public: bool, if_missing: bool, **options):
        if new:
            path = Path(new)
            if path.exists():
                if if_missing:
                    return
                raise CommandError(f"{path} exists: a new key would orphan every signed copy.")
            path.write_bytes(signed_manifest.new_private_key_pem())
            path.chmod(0o600)
            self.stdout.write(f"Wrote a new signing key to {path}.")
            key = signed_manifest.load_private_key(path)
        else:
            if not settings.MIRROR_SIGNING_KEY:
                raise CommandError("MIRROR_SIGNING_KEY is not set.")
            try:
                key = signed_manifest.load_private_key(settings.MIRROR_SIGNING_KEY)
            except signed_manifest.KeyProblem as problem:
                raise CommandError(str(problem)) from problem
        self.stdout.write(f"MIRROR_PUBLIC_KEY={signed_manifest.one_line(key.public_key())}")
        self.stdout.write(signed_manifest.public_key_pem(key.public_key()), ending="")
