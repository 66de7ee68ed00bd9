import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from campaigns import services


class Command(BaseCommand):
    help = (
        "Delete unconfirmed signatures whose link has expired "
        "(SIGNATURE_CONFIRMATION_DAYS) and erase the personal data of signatures on "
        "campaigns closed more than SIGNATURE_RETENTION_DAYS_AFTER_CLOSE days ago. "
        "Run it daily from cron; running it twice is harmless."
    )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        purged = services.signatures_purge_unconfirmed(now=now)
        cutoff = now - datetime.timedelta(days=settings.SIGNATURE_RETENTION_DAYS_AFTER_CLOSE)
        anonymised = services.signatures_anonymise_closed(older_than=cutoff)
        self.stdout.write(
            f"Deleted {purged} unconfirmed signatures; "
            f"erased the personal data of {anonymised} signatures on closed campaigns."
        )
