"""An opening phrase's texts as one object by language code (LetterPhrase.texts), so that
the languages letters pass the censor in are a setting (LETTER_LANGUAGES), not columns.
The phrases and their history keep every text; backwards, the two columns come back."""

from django.db import migrations, models

# The columns as they were, and the language each held.
COLUMNS = {"russian": "ru", "belarusian": "be"}


def into_texts(apps, schema_editor):
    for name in ("LetterPhrase", "HistoricalLetterPhrase"):
        model = apps.get_model("prisoners", name)
        rows = list(model.objects.all())
        for row in rows:
            row.texts = {code: getattr(row, column) for column, code in COLUMNS.items()}
        model.objects.bulk_update(rows, ["texts"])


def out_of_texts(apps, schema_editor):
    for name in ("LetterPhrase", "HistoricalLetterPhrase"):
        model = apps.get_model("prisoners", name)
        rows = list(model.objects.all())
        for row in rows:
            for column, code in COLUMNS.items():
                setattr(row, column, (row.texts or {}).get(code, ""))
        model.objects.bulk_update(rows, list(COLUMNS))


class Migration(migrations.Migration):

    dependencies = [
        ('prisoners', '0013_criminal_article_unique_label'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalletterphrase',
            name='texts',
            field=models.JSONField(default=dict, help_text='By language code.', verbose_name='the phrase in each language of letters'),
        ),
        migrations.AddField(
            model_name='letterphrase',
            name='texts',
            field=models.JSONField(default=dict, help_text='By language code.', verbose_name='the phrase in each language of letters'),
        ),
        migrations.RunPython(into_texts, out_of_texts),
        # A default before the columns go, so that backwards they come back on existing
        # rows (then out_of_texts fills them).
        *(
            migrations.AlterField(
                model_name=model_name,
                name=column,
                field=models.CharField(default="", max_length=300, verbose_name=label),
            )
            for model_name in ("historicalletterphrase", "letterphrase")
            for column, label in (("russian", "in Russian"), ("belarusian", "in Belarusian"))
        ),
        migrations.RemoveField(
            model_name='historicalletterphrase',
            name='belarusian',
        ),
        migrations.RemoveField(
            model_name='historicalletterphrase',
            name='russian',
        ),
        migrations.RemoveField(
            model_name='letterphrase',
            name='belarusian',
        ),
        migrations.RemoveField(
            model_name='letterphrase',
            name='russian',
        ),
    ]
