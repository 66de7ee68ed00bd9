"""Signers' addresses encrypted at rest, told apart by a keyed digest of their canonical
form; staff's invalidations, block lists, flood alerts and the daily count of attempts
that stored nothing.

The data step rewrites every signature: its address encrypted (SIGNER_DATA_KEYS), the
digest of its canonical address (SIGNER_DIGEST_KEY; Gmail's dots now ignored as well as
+tags) and of its domain. Two signatures of one campaign whose addresses are now one
mailbox (ann.smith@gmail.com and annsmith@gmail.com) cannot both stay: the confirmed one
stays (the earliest confirmed if both are), the other is deleted, and the counter rows of
those campaigns are rebuilt from the rows, so the total equals a recount. Erased
signatures (campaigns closed long ago) keep their own marker as digest. Reversible: the
reverse decrypts the addresses back (the deleted duplicates stay deleted).
"""

import core.email_addresses
import core.encryption
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from core import email_addresses, encryption

BATCH = 2000


def _batches(cursor, table: str, columns: str):
    """The rows of a table in batches of BATCH, by id: a million signatures never sit in
    memory at once."""
    last = 0
    while True:
        cursor.execute(
            f"SELECT id, {columns} FROM {table} WHERE id > %s ORDER BY id LIMIT {BATCH}",
            [last],
        )
        rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def encrypt_addresses(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    Signature = apps.get_model("campaigns", "Signature")
    table = quote(Signature._meta.db_table)
    with connection.cursor() as cursor:
        for rows in _batches(cursor, table, "email, email_normalised"):
            updates = []
            for pk, email, normalised in rows:
                if email:
                    domain = email_addresses.domain_of(email)
                    updates.append(
                        (
                            encryption.encrypt(email),
                            email_addresses.digest(email),
                            email_addresses.domain_digest(domain),
                            pk,
                        )
                    )
                else:  # erased: its own marker stays its digest
                    updates.append(("", normalised, "", pk))
            with connection.cursor() as writer:
                writer.executemany(
                    f"UPDATE {table} SET email = %s, email_digest = %s, "
                    "email_domain_digest = %s WHERE id = %s",
                    updates,
                )
    _merge_one_mailbox_signatures(apps)


def _merge_one_mailbox_signatures(apps):
    """Keep one signature of each mailbox per campaign: the confirmed one, the earliest
    confirmed of several, else the earliest; rebuild the counter rows of each campaign
    that lost a counted one."""
    from django.db.models import Count, Q
    from django.db.models.functions import Coalesce

    Signature = apps.get_model("campaigns", "Signature")
    SignatureTally = apps.get_model("campaigns", "SignatureTally")
    groups = (
        Signature.objects.values("campaign_id", "email_digest")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by()
    )
    recount = set()
    for group in groups:
        rows = list(
            Signature.objects.filter(
                campaign_id=group["campaign_id"], email_digest=group["email_digest"]
            ).values_list("pk", "confirmed_at", "created_at")
        )
        rows.sort(key=lambda row: (row[1] is None, row[1] or row[2], row[2], row[0]))
        dropped = rows[1:]
        if any(row[1] is not None for row in dropped):
            recount.add(group["campaign_id"])
        Signature.objects.filter(pk__in=[row[0] for row in dropped]).delete()
    for campaign_id in sorted(recount):
        SignatureTally.objects.filter(campaign_id=campaign_id).delete()
        rows = (
            Signature.objects.filter(campaign_id=campaign_id, confirmed_at__isnull=False)
            .filter(Q(invalidation__isnull=True))
            .annotate(slot=Coalesce("tally_shard", 0))
            .values("country", "slot")
            .annotate(n=Count("pk"))
            .order_by()
        )
        SignatureTally.objects.bulk_create(
            SignatureTally(
                campaign_id=campaign_id, country=row["country"], shard=row["slot"],
                confirmed=row["n"],
            )
            for row in rows
        )


def decrypt_addresses(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    Signature = apps.get_model("campaigns", "Signature")
    table = quote(Signature._meta.db_table)
    with connection.cursor() as cursor:
        for rows in _batches(cursor, table, "email, email_digest"):
            updates = []
            for pk, token, digest in rows:
                if token:
                    email = encryption.decrypt(token)
                    local, _at, domain = email.strip().lower().rpartition("@")
                    updates.append((email, f"{local.split('+', 1)[0]}@{domain}", pk))
                else:
                    updates.append(("", digest, pk))
            with connection.cursor() as writer:
                writer.executemany(
                    f"UPDATE {table} SET email = %s, email_normalised = %s WHERE id = %s",
                    updates,
                )


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0004_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BlockedAddress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ip_hash', models.CharField(help_text='As the signatures and the list of possible floods show it.', max_length=64, unique=True, verbose_name='keyed hash of the IP address')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='added')),
            ],
            options={
                'verbose_name': 'blocked address',
                'verbose_name_plural': 'blocked addresses',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='BlockedEmailDomain',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('domain', models.CharField(help_text='For example spam-domain.example: its subdomains are blocked too.', max_length=253, unique=True, verbose_name='domain')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='added')),
            ],
            options={
                'verbose_name': 'blocked email domain',
                'verbose_name_plural': 'blocked email domains',
                'ordering': ['domain'],
            },
        ),
        migrations.CreateModel(
            name='FloodAlert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('hour', models.DateTimeField()),
                ('kind', models.CharField(choices=[('ip', 'one address'), ('domain', 'one email domain')], max_length=10)),
                ('key', models.CharField(max_length=64)),
                ('label', models.CharField(max_length=253)),
                ('signatures', models.PositiveIntegerField()),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('email_sent_at', models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.CreateModel(
            name='SignAttempts',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('repeated', models.PositiveIntegerField(default=0)),
                ('refused', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='SignatureInvalidation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='when')),
                ('reason', models.CharField(blank=True, max_length=300, verbose_name='reason')),
                ('criteria', models.TextField(blank=True, verbose_name='how they were chosen')),
                ('signatures', models.PositiveIntegerField(default=0, verbose_name='signatures set aside')),
                ('counted', models.PositiveIntegerField(default=0, verbose_name='of them counted in the totals')),
                ('restored_at', models.DateTimeField(blank=True, null=True, verbose_name='restored')),
            ],
            options={
                'verbose_name': 'invalidation of signatures',
                'verbose_name_plural': 'invalidations of signatures',
                'ordering': ['-created_at'],
                'permissions': [('invalidate_signatures', 'Can set signatures aside from the totals, and restore')],
            },
        ),
        migrations.RemoveConstraint(
            model_name='signature',
            name='one_signature_per_person',
        ),
        migrations.AddField(
            model_name='signature',
            name='email_digest',
            field=core.email_addresses.EmailDigestField(default='', of='email'),
        ),
        migrations.AddField(
            model_name='signature',
            name='email_domain_digest',
            field=core.email_addresses.EmailDigestField(blank=True, of='email', part='domain'),
        ),
        migrations.AlterField(
            model_name='signature',
            name='email',
            field=core.encryption.EncryptedEmailField(max_length=254, verbose_name='email'),
        ),
        migrations.AddField(
            model_name='blockedaddress',
            name='created_by',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='added by'),
        ),
        migrations.AddField(
            model_name='blockedemaildomain',
            name='created_by',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='added by'),
        ),
        migrations.AddField(
            model_name='floodalert',
            name='campaign',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='campaigns.campaign'),
        ),
        migrations.AddField(
            model_name='signattempts',
            name='campaign',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='campaigns.campaign'),
        ),
        migrations.AddField(
            model_name='signatureinvalidation',
            name='created_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AddField(
            model_name='signatureinvalidation',
            name='restored_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='restored by'),
        ),
        migrations.AddField(
            model_name='signature',
            name='invalidation',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='campaigns.signatureinvalidation', verbose_name='set aside by'),
        ),
        migrations.RunPython(encrypt_addresses, decrypt_addresses, elidable=False),
        migrations.AlterField(
            model_name='signature',
            name='email_digest',
            field=core.email_addresses.EmailDigestField(of='email'),
        ),
        migrations.AddIndex(
            model_name='signature',
            index=models.Index(fields=['created_at'], name='signature_created'),
        ),
        migrations.AddIndex(
            model_name='signature',
            index=models.Index(condition=models.Q(('invalidation__isnull', False)), fields=['invalidation'], name='signature_invalidated'),
        ),
        migrations.AddConstraint(
            model_name='signature',
            constraint=models.UniqueConstraint(fields=('campaign', 'email_digest'), name='one_signature_per_person'),
        ),
        # A default, so that the reverse can add the column back before it fills it.
        migrations.AlterField(
            model_name='signature',
            name='email_normalised',
            field=models.CharField(default='', editable=False, max_length=254),
        ),
        migrations.RemoveField(
            model_name='signature',
            name='email_normalised',
        ),
        migrations.AddConstraint(
            model_name='floodalert',
            constraint=models.UniqueConstraint(fields=('campaign', 'hour', 'kind', 'key'), name='one_flood_alert'),
        ),
        migrations.AddConstraint(
            model_name='signattempts',
            constraint=models.UniqueConstraint(fields=('campaign', 'day'), name='sign_attempts_per_day'),
        ),
    ]
