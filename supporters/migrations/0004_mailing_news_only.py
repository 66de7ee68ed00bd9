"""A mailing points at its news only: the five columns of what it was about, its kind
and its topic go."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("supporters", "0003_mailing_news_rows")]

    operations = [
        migrations.RemoveField(model_name="mailing", name="campaign"),
        migrations.RemoveField(model_name="mailing", name="kind"),
        migrations.RemoveField(model_name="mailing", name="person"),
        migrations.RemoveField(model_name="mailing", name="status_change"),
        migrations.RemoveField(model_name="mailing", name="story"),
        migrations.RemoveField(model_name="mailing", name="topic"),
        migrations.RemoveField(model_name="mailing", name="update"),
        migrations.AlterField(
            model_name="mailing",
            name="news",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="mailing",
                to="news.news",
                verbose_name="piece of news",
            ),
        ),
    ]
