"""The key pair that seals supporters' data (core/sealing.py), and its rotation.

`--new` prints a new pair as the two lines of environment the office needs (the public
host takes the first alone). `--rotate`, in the office, re-seals every sealed value that
is not sealed to SUPPORTER_PUBLIC_KEY yet, so that the old private key can be dropped
(docs/deploy.md, "Rotating the supporters' keys")."""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core import sealing
from core.encryption import EncryptedTextField

# Rows read and rewritten per transaction: each batch holds its rows' locks only briefly,
# so a supporter confirming meanwhile waits milliseconds, not for the whole column.
BATCH = 500

REMINDER = """\
# SUPPORTER_PUBLIC_KEY goes on both hosts: it seals, and cannot open.
# SUPPORTER_PRIVATE_KEYS goes in the office's environment only (the public host refuses
# to start with it). Keep the private key in a password manager too, with a second copy
# held apart from the first (another person, another place): if every copy is lost, no
# supporter can be emailed again and no staff member can read who signed.
# To rotate: put the new public key on both hosts and the new private key FIRST in the
# office's SUPPORTER_PRIVATE_KEYS (new,old), run `manage.py supporter_keys --rotate` in the
# office, then drop the old private key (docs/deploy.md)."""


class Command(BaseCommand):
    help = (
        "--new: print a new key pair for supporters' data. --rotate (office only): re-seal "
        "every sealed value to SUPPORTER_PUBLIC_KEY, so that older private keys can be "
        "dropped; safe to run again, or while the site runs."
    )
    # A new pair is made before any host has one: the checks (which want the keys) run
    # only before a rotation.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--new", action="store_true", help="Print a new key pair.")
        action.add_argument(
            "--rotate", action="store_true", help="Re-seal every value to the newest key."
        )

    def handle(self, *args, new: bool, rotate: bool, **options) -> None:
        if new:
            public, private = sealing.key_pair()
            self.stdout.write(f"SUPPORTER_PUBLIC_KEY={public}\nSUPPORTER_PRIVATE_KEYS={private}")
            self.stdout.write(REMINDER)
            return
        self.check()
        if settings.SITE_ROLE == "public" or not sealing.can_open():
            raise CommandError(
                "Only the office can re-seal (SITE_ROLE=office or both, with "
                "SUPPORTER_PRIVATE_KEYS): this process cannot open what it would re-seal. "
                "Run it on the office host."
            )
        total = 0
        for model in apps.get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            for field in model._meta.concrete_fields:
                if isinstance(field, EncryptedTextField):
                    count = self.reseal_column(model, field)
                    total += count
                    if options["verbosity"] > 1:
                        self.stdout.write(f"{model._meta.label}.{field.name}: {count} re-sealed.")
        self.stdout.write(f"{total} values re-sealed to the newest key.")

    def reseal_column(self, model, field) -> int:
        """Each batch read and rewritten in one transaction, its rows locked (FOR UPDATE
        where the database has it): a supporter who changes a row meanwhile waits, and no
        value is written back from a stale read. The raw column is read, not the field's
        opened value: only what is sealed to an older key is rewritten."""
        quote = connection.ops.quote_name
        table, column, pk = (
            quote(model._meta.db_table),
            quote(field.column),
            quote(model._meta.pk.column),
        )
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        update = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s"  # noqa: S608
        last, count = None, 0
        while True:
            after, parameters = ("", []) if last is None else (f"AND {pk} > %s ", [last])
            select = (
                f"SELECT {pk}, {column} FROM {table} WHERE {column} <> '' {after}"  # noqa: S608
                f"ORDER BY {pk} LIMIT {BATCH}{lock}"
            )
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(select, parameters)
                rows = cursor.fetchall()
                if not rows:
                    return count
                stale = [
                    (sealing.seal(sealing.unseal(value)), key)
                    for key, value in rows
                    if sealing.is_sealed(value) and not sealing.is_sealed_to_newest(value)
                ]
                if stale:
                    cursor.executemany(update, stale)
            last, count = rows[-1][0], count + len(stale)
