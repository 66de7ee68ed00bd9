"""Seal the supporter data stored before issue 34 (docs/security.md, "Sealed supporter
data"): run by the office role, which holds SUPPORTER_PUBLIC_KEY, SUPPORTER_PRIVATE_KEYS,
SIGNER_DIGEST_KEY and, for this migration only, the retired SIGNER_DATA_KEYS.

For each signature: the name and the comment (stored in the clear) and the address
(a Fernet token of SIGNER_DATA_KEYS) are sealed to the office's public key; a new owner's
key and box are made (links emailed before this carry no key: their pages ask for the
name again, as the confirmation page shows an empty form); the shown name ("Anna K.") is
written for those who chose to show it, the shown comment for approved comments; the
IP hash, keyed with SECRET_KEY (which the public host holds, and with which every IPv4
address could be tried), is keyed again with the office's digest key, and so are the
blocked IP hashes. Each supporter's address is sealed likewise.

Reversible: the reverse opens every value and writes the address as a Fernet token and
the name and comment in the clear again (the IP hashes stay keyed with the office's key:
a keyed hash cannot be unkeyed; the block list's entries likewise).
"""

from django.db import migrations

from core import encryption, sealing
from core.network import stored_ip_hash

BATCH = 1000


def _batches(connection, table: str, columns: str):
    """The rows of a table in batches of BATCH, by id."""
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, {columns} FROM {table} WHERE id > %s ORDER BY id LIMIT {BATCH}",  # noqa: S608
                [last],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _shown_name(name: str) -> str:
    words = name.split()
    if len(words) > 1:
        return f"{words[0]} {words[-1][0]}."
    return words[0] if words else ""


def _seal(text: str) -> str:
    return sealing.seal(text) if text else ""


def _open(value: str) -> str:
    return sealing.unseal(value) if sealing.is_sealed(value) else value


def seal_rows(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    Signature = apps.get_model("campaigns", "Signature")
    table = quote(Signature._meta.db_table)
    columns = "name, email, comment, comment_status, show_name_publicly, ip_hash"
    for rows in _batches(connection, table, columns):
        updates = []
        for pk, name, email, comment, status, shown, ip_hash in rows:
            if sealing.is_sealed(email) or sealing.is_sealed(name):
                continue  # sealed already (a second run)
            address = encryption.decrypt(email) if email else ""
            key, box = "", ""
            if address:
                key = sealing.owner_key_new()
                box = sealing.owner_box_close(
                    key, {"name": name, "email": address, "comment": comment}
                )
            updates.append(
                (
                    _seal(name),
                    _seal(address),
                    _seal(comment),
                    _shown_name(name) if shown else "",
                    comment if status == "approved" else "",
                    box,
                    _seal(key),
                    stored_ip_hash(ip_hash) if ip_hash else "",
                    pk,
                )
            )
        with connection.cursor() as writer:
            writer.executemany(
                f"UPDATE {table} SET name = %s, email = %s, comment = %s, public_name = %s, "  # noqa: S608
                "shown_comment = %s, owner_box = %s, owner_key = %s, ip_hash = %s WHERE id = %s",
                updates,
            )
    _rekey_blocked_addresses(apps, connection)
    _seal_supporters(apps, connection, forward=True)


def _rekey_blocked_addresses(apps, connection):
    BlockedAddress = apps.get_model("campaigns", "BlockedAddress")
    for entry in BlockedAddress.objects.all():
        entry.ip_hash = stored_ip_hash(entry.ip_hash)
        entry.save(update_fields=["ip_hash"])


def _seal_supporters(apps, connection, *, forward: bool):
    Supporter = apps.get_model("audience", "Supporter")
    table = connection.ops.quote_name(Supporter._meta.db_table)
    for rows in _batches(connection, table, "email"):
        updates = []
        for pk, email in rows:
            if not email or sealing.is_sealed(email) == forward:
                continue
            if forward:
                updates.append((sealing.seal(encryption.decrypt(email)), pk))
            else:
                updates.append((encryption.encrypt(sealing.unseal(email)), pk))
        with connection.cursor() as writer:
            writer.executemany(f"UPDATE {table} SET email = %s WHERE id = %s", updates)  # noqa: S608


def unseal_rows(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    Signature = apps.get_model("campaigns", "Signature")
    table = quote(Signature._meta.db_table)
    for rows in _batches(connection, table, "name, email, comment"):
        updates = []
        for pk, name, email, comment in rows:
            if not (sealing.is_sealed(email) or sealing.is_sealed(name)):
                continue
            address = _open(email)
            updates.append(
                (_open(name), encryption.encrypt(address) if address else "", _open(comment), pk)
            )
        with connection.cursor() as writer:
            writer.executemany(
                f"UPDATE {table} SET name = %s, email = %s, comment = %s, public_name = '', "  # noqa: S608
                "shown_comment = '', owner_box = '', owner_key = '' WHERE id = %s",
                updates,
            )
    _seal_supporters(apps, connection, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0009_sealed_supporter_data"),
        ("audience", "0001_initial"),
    ]

    operations = [migrations.RunPython(seal_rows, unseal_rows, elidable=False)]
