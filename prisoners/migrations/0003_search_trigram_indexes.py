"""On PostgreSQL, trigram indexes let name search (LIKE '%…%' on the two search columns)
use an index instead of reading every profile. SQLite has no such index and does not
need one at its scale; the same queries run on both."""

from django.db import migrations

INDEXES = {
    "prisoners_person_search_text_trgm": "search_text",
    "prisoners_person_search_skeleton_trgm": "search_skeleton",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension: a database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON prisoners_person "
            f"USING gin ({column} gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("prisoners", "0002_reserved_slugs")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
