from django.core.management.base import BaseCommand

from campaigns import services
from core.tasks import requeue_stuck_tasks


class Command(BaseCommand):
    help = (
        "Queue the confirmation emails of signatures stored without one, and run again "
        "the tasks of a worker that was killed while running them (after "
        "TASK_STUCK_SECONDS). The sign view asks the worker to queue emails within a "
        "second; run this every few minutes from cron as the safety net. Running it "
        "twice, or beside the worker, is harmless. Also emails staff about possible "
        "floods of signatures (FLOOD_*_ALERT_PER_HOUR), once each."
    )

    def handle(self, *args, **options) -> None:
        requeued = requeue_stuck_tasks()
        if requeued:
            self.stdout.write(f"Requeued {requeued} tasks whose worker had stopped.")
        queued = services.confirmation_emails_queue()
        self.stdout.write(f"Queued {queued} confirmation emails.")
        alerts = services.flood_alerts_raise()
        if alerts:
            self.stdout.write(f"Alerted staff to {alerts} possible floods.")
