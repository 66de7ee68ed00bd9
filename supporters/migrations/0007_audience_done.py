"""Every delivery has its supporter (0003); the follows live on as subscriptions."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("supporters", "0006_audience_data")]

    operations = [
        migrations.AlterField(
            model_name="delivery",
            name="supporter",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="deliveries",
                to="audience.supporter",
            ),  # fmt: skip
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.UniqueConstraint(
                fields=("mailing", "supporter"), name="one_delivery_per_supporter"
            ),
        ),
        migrations.RemoveField(model_name="delivery", name="follower"),
        migrations.RemoveField(model_name="delivery", name="signature"),
        migrations.RemoveConstraint(model_name="follower", name="one_follow_per_address"),
        migrations.DeleteModel(name="Follower"),
    ]
