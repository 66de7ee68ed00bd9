from django.db import migrations

from staff.roles import sync_groups


def sync(apps, schema_editor):
    sync_groups(apps)


class Migration(migrations.Migration):
    """Editors write the legal record too: criminal-code articles, charges, verdicts,
    status changes, stays, places of detention, recognitions and the methodology page."""

    dependencies = [
        ("staff", "0001_groups"),
        ("prisoners", "0010_record_order_without_join"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
