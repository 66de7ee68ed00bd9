"""Fill the hourly counter rows from the signatures counted before they existed: each
counted signature (confirmed, not set aside) in the hour (UTC) of its confirmation, in
the shard its total is counted in (0 before shards existed), so that every campaign's
hours sum to its counter rows from the start. Backwards, the hourly rows go."""

import datetime

from django.db import migrations


def fill_hourly_tallies(apps, schema_editor):
    from django.db.models import Count
    from django.db.models.functions import Coalesce, TruncHour

    Signature = apps.get_model("campaigns", "Signature")
    SignatureHourlyTally = apps.get_model("campaigns", "SignatureHourlyTally")
    rows = (
        Signature.objects.filter(confirmed_at__isnull=False, invalidation__isnull=True)
        .annotate(
            hour=TruncHour("confirmed_at", tzinfo=datetime.UTC),
            slot=Coalesce("tally_shard", 0),
        )
        .values("campaign_id", "hour", "country", "slot")
        .annotate(n=Count("pk"))
        .order_by()
    )
    SignatureHourlyTally.objects.bulk_create(
        (
            SignatureHourlyTally(
                campaign_id=row["campaign_id"], hour=row["hour"], country=row["country"],
                shard=row["slot"], confirmed=row["n"],
            )
            for row in rows.iterator()
        ),
        batch_size=1000,
    )


def empty_hourly_tallies(apps, schema_editor):
    apps.get_model("campaigns", "SignatureHourlyTally").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0007_hourly_tallies"),
    ]

    operations = [
        migrations.RunPython(fill_hourly_tallies, empty_hourly_tallies),
    ]
