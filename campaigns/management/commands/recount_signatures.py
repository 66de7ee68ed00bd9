from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Coalesce

from campaigns.models import Campaign, Signature, SignatureTally


class Command(BaseCommand):
    help = (
        "Compare each campaign's counter rows with a COUNT of its confirmed signatures "
        "and report any drift; with --fix, rebuild the counter rows from the count. "
        "Safe to run at any time (weekly from cron)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--fix", action="store_true", help="Rebuild drifting counters.")

    def handle(self, *args, fix: bool, **options) -> None:
        drifting = 0
        for campaign in Campaign.objects.with_online_total().order_by("pk"):
            with transaction.atomic():
                counted = Signature.objects.confirmed().filter(campaign=campaign).count()
                if counted == campaign.online_total:
                    continue
                drifting += 1
                self.stdout.write(
                    f"{campaign.slug}: counter {campaign.online_total}, rows {counted}"
                )
                if fix:
                    self._rebuild(campaign)
        self.stdout.write(f"{drifting} campaigns drifting" + (" (fixed)" if fix else ""))

    def _rebuild(self, campaign: Campaign) -> None:
        # Lock the campaign's counter rows so that confirmations wait for the rebuild.
        list(SignatureTally.objects.select_for_update().filter(campaign=campaign))
        SignatureTally.objects.filter(campaign=campaign).delete()
        rows = (
            Signature.objects.confirmed()
            .filter(campaign=campaign)
            .annotate(shard=Coalesce("tally_shard", 0))
            .values("country", "shard")
            .annotate(n=Count("pk"))
            .order_by()
        )
        SignatureTally.objects.bulk_create(
            SignatureTally(
                campaign=campaign, country=row["country"], shard=row["shard"], confirmed=row["n"]
            )
            for row in rows
        )
        campaign.forget_stats()
