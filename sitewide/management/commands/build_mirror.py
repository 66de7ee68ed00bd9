"""manage.py build_mirror: write or update the signed static copy of the public site."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import signed_manifest
from sitewide.mirroring.build import build, default_workers


class Command(BaseCommand):
    help = (
        "Write the static copy of the public site (every public page in every language, "
        "the open data, feeds, sitemap and static files) into a folder any static host "
        "can serve, signed with MIRROR_SIGNING_KEY. A later run rewrites only what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=str(settings.MIRROR_ROOT), help="The folder (MIRROR_ROOT)."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes drawing pages (default: one per core on PostgreSQL, one on SQLite).",
        )
        parser.add_argument(
            "--unsigned",
            action="store_true",
            help="Write no signature (a copy nobody can check; for trying the command only).",
        )

    def handle(self, *args, output: str, unsigned: bool, workers: int | None, **options):
        key = None
        if not unsigned:
            if not settings.MIRROR_SIGNING_KEY:
                raise CommandError(
                    "MIRROR_SIGNING_KEY is not set: make a key with `manage.py mirror_key --new "
                    "PATH` (docs/deploy.md), or pass --unsigned."
                )
            try:
                key = signed_manifest.load_private_key(settings.MIRROR_SIGNING_KEY)
                published = signed_manifest.published_public_key()
            except signed_manifest.KeyProblem as problem:
                raise CommandError(str(problem)) from problem
            if published is None or signed_manifest.one_line(published) != signed_manifest.one_line(
                key.public_key()
            ):
                raise CommandError(
                    "The site does not publish this key's public half, so nobody could "
                    "check the copy: set MIRROR_PUBLIC_KEY to what `manage.py mirror_key "
                    "--public` prints."
                )
        report = build(Path(output), key, workers or default_workers())
        self.stdout.write(
            f"Static copy in {output}: {report.pages:,} pages; wrote {report.written:,} files, "
            f"kept {report.kept:,}, removed {report.removed:,} ({report.seconds:.1f} s). "
            f"Largest page: {report.largest_page[1]} ({report.largest_page[0]:,} bytes)."
        )
        self.stdout.write("Signed: SHA256SUMS.sig." if key else "Not signed (--unsigned).")
        if report.problems:
            for problem in report.problems[:50]:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"{len(report.problems)} problems in the copy (listed above).")
