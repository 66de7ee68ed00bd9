from django.core.management.base import BaseCommand
from django.utils import timezone

from audience import services as audience
from supporters import services


class Command(BaseCommand):
    help = (
        "Delete follows never confirmed within SIGNATURE_CONFIRMATION_DAYS, follows of "
        "what staff deleted, the "
        "per-recipient records of mailings finished more than MAILING_RECORDS_DAYS ago "
        "(their totals stay), and refused addresses older than SUPPRESSION_DAYS. Run it "
        "daily from cron, beside purge_signatures; running it twice is harmless."
    )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        followers = services.followers_purge_unconfirmed(now=now)
        orphaned = audience.purge_orphaned()
        deliveries = services.deliveries_purge(now=now)
        refused = services.suppressions_purge(now=now)
        self.stdout.write(
            f"Deleted {followers} unconfirmed follows, {orphaned} follows of deleted "
            f"campaigns or profiles, {deliveries} records of sent emails and {refused} "
            "refused addresses."
        )
