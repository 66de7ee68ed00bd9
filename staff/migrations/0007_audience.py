from django.db import migrations

from staff.roles import sync_groups


def sync(apps, schema_editor):
    sync_groups(apps)


class Migration(migrations.Migration):
    """Data officers erase supporters (the audience) where they erased follows."""

    dependencies = [
        ("staff", "0006_mirrors"),
        ("audience", "0001_initial"),
        ("supporters", "0007_audience_done"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
