from django.db import migrations

from staff.roles import sync_groups


def create_groups(apps, schema_editor):
    sync_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("prisoners", "0001_initial"),
        ("campaigns", "0001_initial"),
        ("stories", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
