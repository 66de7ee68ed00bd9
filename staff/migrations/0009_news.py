from django.db import migrations

from staff.roles import sync_groups


def sync(apps, schema_editor):
    sync_groups(apps)


class Migration(migrations.Migration):
    """Editors and campaign managers see the list of news and what was sent of each
    (issue 33)."""

    dependencies = [
        ("staff", "0008_officials"),
        ("news", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
