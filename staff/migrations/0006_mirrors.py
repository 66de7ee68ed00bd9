from django.db import migrations

from staff.roles import sync_groups


def sync(apps, schema_editor):
    sync_groups(apps)


class Migration(migrations.Migration):
    """Editors keep the mirrors: the site's other addresses, for when it is blocked."""

    dependencies = [
        ("staff", "0005_supporters"),
        ("mirrors", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
