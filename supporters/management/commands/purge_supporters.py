from django.core.management.base import BaseCommand
from django.utils import timezone

from supporters import services


class Command(BaseCommand):
    help = (
        "Delete follows never confirmed within SIGNATURE_CONFIRMATION_DAYS, the "
        "per-recipient records of mailings finished more than MAILING_RECORDS_DAYS ago "
        "(their totals stay), and refused addresses older than SUPPRESSION_DAYS. Run it "
        "daily from cron, beside purge_signatures; running it twice is harmless."
    )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        followers = services.followers_purge_unconfirmed(now=now)
        deliveries = services.deliveries_purge(now=now)
        refused = services.suppressions_purge(now=now)
        self.stdout.write(
            f"Deleted {followers} unconfirmed follows, {deliveries} records of sent "
            f"emails and {refused} refused addresses."
        )
