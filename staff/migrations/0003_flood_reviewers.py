from django.db import migrations

from staff.roles import sync_groups


def sync(apps, schema_editor):
    sync_groups(apps)


class Migration(migrations.Migration):
    """Flood reviewers: they set floods of signatures aside (and restore them) and keep the
    block lists of email domains and addresses."""

    dependencies = [
        ("staff", "0002_record_models"),
        ("campaigns", "0005_signer_data_at_rest_and_floods"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
