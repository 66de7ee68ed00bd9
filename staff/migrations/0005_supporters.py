from django.db import migrations

from staff.roles import sync_groups


def sync(apps, schema_editor):
    sync_groups(apps)


class Migration(migrations.Migration):
    """Campaign managers send updates, responses and outcomes to the signers who asked
    for news and download the handover pack; editors write campaign updates; data
    officers download the handover pack and erase follows and refused addresses."""

    dependencies = [
        ("staff", "0004_letters"),
        ("campaigns", "0006_updates_response_outcome"),
        ("supporters", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
