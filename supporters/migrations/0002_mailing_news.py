"""A mailing is about to point at the news it announces (news.News): its column, and
the topic and kind no longer unique or required, so that going back can add them again
before filling them (0003 fills the news, 0004 removes the old columns). Three
migrations, so that PostgreSQL commits the rows 0003 writes before 0004 alters the
tables their foreign keys check."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0001_initial"),
        ("supporters", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="mailing",
            name="news",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="mailing",
                to="news.news",
                verbose_name="piece of news",
            ),
        ),
        # Not unique, with a default, so that going back can add it before filling it.
        migrations.AlterField(
            model_name="mailing",
            name="topic",
            field=models.CharField(default="", editable=False, max_length=100),
        ),
        migrations.AlterField(
            model_name="mailing",
            name="kind",
            field=models.CharField(default="", max_length=20, verbose_name="kind"),
        ),
    ]
