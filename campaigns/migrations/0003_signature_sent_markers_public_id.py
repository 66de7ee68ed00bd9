"""Confirmation and reminder emails are marked sent only once sent; signatures get a
random public id for the links in their emails. Signatures already emailed (their
confirmation queued) are taken as sent: the worker had them before this change."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    Signature = apps.get_model("campaigns", "Signature")
    Signature.objects.filter(confirmation_email_queued_at__isnull=False).update(
        confirmation_email_sent_at=models.F("confirmation_email_queued_at")
    )
    Signature.objects.filter(reminded_at__isnull=False).update(
        reminder_sent_at=models.F("reminded_at")
    )
    for pk in Signature.objects.filter(public_id__isnull=True).values_list("pk", flat=True):
        Signature.objects.filter(pk=pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_signature_email_outbox")]

    operations = [
        migrations.AddField(
            model_name="signature",
            name="confirmation_email_sent_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="confirmation email sent at"
            ),
        ),
        migrations.AddField(
            model_name="signature",
            name="reminder_sent_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="last reminder accepted by the mail server at",
            ),
        ),
        migrations.AlterField(
            model_name="signature",
            name="reminded_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="last reminder asked for at"
            ),
        ),
        migrations.AddField(
            model_name="signature",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="signature",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
