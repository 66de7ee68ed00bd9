from django.db import migrations

from staff.roles import sync_groups


def sync(apps, schema_editor):
    sync_groups(apps)


class Migration(migrations.Migration):
    """Editors keep the officials and the letters to them (issue 33)."""

    dependencies = [
        ("staff", "0007_audience"),
        ("officials", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
