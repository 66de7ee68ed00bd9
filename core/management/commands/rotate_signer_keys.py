from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core.encryption import EncryptedTextField, rotate

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column (signers' addresses, and any other "
        "EncryptedTextField) with the first key of SIGNER_DATA_KEYS. Run it after putting "
        "a new key first; once it has finished, the old keys can be removed. Safe to run "
        "again, or while the site runs (docs/security.md)."
    )

    def handle(self, *args, **options) -> None:
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            for field in fields:
                count = self.rotate_column(model, field)
                self.stdout.write(f"{model._meta.label}.{field.name}: {count} values re-encrypted.")

    def rotate_column(self, model, field) -> int:
        """Each batch read and rewritten in one transaction, the rows locked: a signer who
        changes the row meanwhile waits, and no value is written back from a stale read."""
        quote = connection.ops.quote_name
        table, column, pk = (
            quote(model._meta.db_table),
            quote(field.column),
            quote(model._meta.pk.column),
        )
        select = (
            f"SELECT {pk}, {column} FROM {table} WHERE {pk} > %s AND {column} <> '' "  # noqa: S608
            f"ORDER BY {pk} LIMIT {BATCH}"
        )
        if connection.features.has_select_for_update:
            select += " FOR UPDATE"
        update = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s"  # noqa: S608
        last, count = 0, 0
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(select, [last])
                rows = cursor.fetchall()
                if not rows:
                    return count
                cursor.executemany(update, [(rotate(value), key) for key, value in rows])
            last, count = rows[-1][0], count + len(rows)
