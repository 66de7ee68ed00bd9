from django.core.management.base import BaseCommand

from campaigns import services


class Command(BaseCommand):
    help = (
        "Queue the confirmation emails of signatures stored without one. The sign view "
        "asks the worker to do this within a second; run this every few minutes from cron "
        "as the safety net (for a request that could not reach the cache). Running it "
        "twice, or beside the worker, is harmless."
    )

    def handle(self, *args, **options) -> None:
        queued = services.confirmation_emails_queue()
        self.stdout.write(f"Queued {queued} confirmation emails.")
