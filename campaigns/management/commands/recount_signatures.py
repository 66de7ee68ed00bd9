from django.core.management.base import BaseCommand

from campaigns import services


class Command(BaseCommand):
    help = (
        "Compare each campaign's counter rows with a COUNT of its confirmed signatures "
        "and report any drift; with --fix, rebuild the counter rows from the count. "
        "Safe to run at any time (weekly from cron)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--fix", action="store_true", help="Rebuild drifting counters.")

    def handle(self, *args, fix: bool, **options) -> None:
        drifts = services.tallies_recount(fix=fix)
        for drift in drifts:
            self.stdout.write(
                f"{drift.campaign_slug}: counter {drift.counter}, rows {drift.counted}"
                + ("" if drift.hours_match else ", hours differ")
            )
        self.stdout.write(f"{len(drifts)} campaigns drifting" + (" (fixed)" if fix else ""))
