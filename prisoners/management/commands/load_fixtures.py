from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from prisoners.models import Person


class Command(BaseCommand):
    help = (
        "Load every fixture in fixtures/ in name order, then recompute what fixtures "
        "cannot carry (the search columns, the status derived from the history). "
        "Loading twice changes nothing."
    )

    def handle(self, *args, **options) -> None:
        files = sorted(str(path) for path in (Path(settings.BASE_DIR) / "fixtures").glob("*.json"))
        with transaction.atomic():
            call_command("loaddata", *files, verbosity=options["verbosity"])
            updated = Person.objects.refresh_search_columns()
            Person.objects.refresh_records()
        self.stdout.write(f"Loaded {len(files)} fixture files; indexed {updated} people.")
