"""Deliveries get a supporter and the subscription they came by (audience), nullable
until 0003 fills them; the constraints of signature-or-follower recipients go. Three
migrations, so that PostgreSQL alters no table with the data step's deferred foreign
key checks pending."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audience", "0001_initial"),
        ("campaigns", "0006_updates_response_outcome"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("supporters", "0004_mailing_news_only"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="delivery", name="one_delivery_per_signature"),
        migrations.RemoveConstraint(model_name="delivery", name="one_delivery_per_follower"),
        migrations.RemoveConstraint(model_name="delivery", name="delivery_has_one_recipient"),
        migrations.AddField(
            model_name="delivery",
            name="subscription",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                related_name="deliveries", to="audience.subscription",
            ),  # fmt: skip
        ),
        migrations.AddField(
            model_name="delivery",
            name="supporter",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE,
                related_name="deliveries", to="audience.supporter",
            ),  # fmt: skip
        ),
    ]
