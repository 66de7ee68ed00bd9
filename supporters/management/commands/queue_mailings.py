from django.core.management.base import BaseCommand

from supporters import tasks


class Command(BaseCommand):
    help = (
        "Start a worker task on every mailing that is sending and has none (a worker was "
        "killed, or a retry is due), and run again the tasks of a worker that was killed "
        "(after TASK_STUCK_SECONDS). Run it every few minutes from cron, beside "
        "queue_confirmation_emails; running it twice, or beside the workers, is harmless."
    )

    def handle(self, *args, **options) -> None:
        woken = tasks.queue_mailings()
        self.stdout.write(f"Started workers on {woken} mailings.")
