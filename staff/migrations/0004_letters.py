from django.db import migrations

from staff.roles import sync_groups


def sync(apps, schema_editor):
    sync_groups(apps)


class Migration(migrations.Migration):
    """Editors write the guidance for letters and its opening phrases, and see the counts
    of letters sent (never change them)."""

    dependencies = [
        ("staff", "0003_flood_reviewers"),
        ("prisoners", "0011_letters"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
