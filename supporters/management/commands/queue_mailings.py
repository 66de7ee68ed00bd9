from django.core.management.base import BaseCommand

from supporters import services, tasks


class Command(BaseCommand):
    help = (
        "Start a worker task on every mailing that is sending and has none (a worker was "
        "killed, or a retry is due), run again the tasks of a worker that was killed "
        "(after TASK_STUCK_SECONDS), and take in the follow requests that the public host "
        "stored and no worker took in (the follow form asks the worker within a second: "
        "this is the safety net). Office role. Run it every few minutes from cron, beside "
        "queue_confirmation_emails; running it twice, or beside the workers, is harmless."
    )

    def handle(self, *args, **options) -> None:
        woken = tasks.queue_mailings()
        self.stdout.write(f"Started workers on {woken} mailings.")
        taken = services.follow_requests_take_in()
        self.stdout.write(f"Took in {taken} follow requests.")
