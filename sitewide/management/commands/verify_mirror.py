"""manage.py verify_mirror FOLDER: check a static copy against the site's public key."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import signed_manifest


class Command(BaseCommand):
    help = (
        "Check that a static copy is exactly what the organisation signed: its SHA256SUMS "
        "signed by the published key, and every file listed there unaltered."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--key",
            help="The public key's PEM file (default: the key this site publishes).",
        )

    def handle(self, *args, folder: str, key: str | None, **options):
        try:
            if key:
                from cryptography.hazmat.primitives.serialization import load_pem_public_key

                public_key = load_pem_public_key(Path(key).read_bytes())
            else:
                public_key = signed_manifest.published_public_key()
        except (OSError, ValueError, signed_manifest.KeyProblem) as problem:
            raise CommandError(f"The public key cannot be read: {problem}") from problem
        if public_key is None:
            raise CommandError("No public key: pass --key, or set MIRROR_PUBLIC_KEY.")
        problems = signed_manifest.verify(Path(folder), public_key)
        if problems:
            for problem in problems[:50]:
                self.stderr.write(f"  {problem}")
            raise CommandError(
                f"The copy in {folder} fails verification ({len(problems)} problems)."
            )
        count = len(signed_manifest.read_manifest(Path(folder)))
        self.stdout.write(f"The copy in {folder} is genuine: {count:,} files, signature good.")
