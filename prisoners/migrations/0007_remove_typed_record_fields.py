# The facts these columns held live in the record now (0006 moved them).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("prisoners", "0006_record_from_typed_fields"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='person',
            name='place_of_detention',
        ),
        migrations.RemoveField(
            model_name='person',
            name='place_of_detention_be',
        ),
        migrations.RemoveField(
            model_name='person',
            name='place_of_detention_en',
        ),
        migrations.RemoveField(
            model_name='person',
            name='place_of_detention_ru',
        ),
        migrations.RemoveField(
            model_name='person',
            name='postal_address',
        ),
        migrations.RemoveField(
            model_name='person',
            name='sentence',
        ),
        migrations.RemoveField(
            model_name='person',
            name='sentence_be',
        ),
        migrations.RemoveField(
            model_name='person',
            name='sentence_en',
        ),
        migrations.RemoveField(
            model_name='person',
            name='sentence_ru',
        ),
        migrations.RemoveField(
            model_name='person',
            name='sentenced_on',
        ),
        migrations.RemoveField(
            model_name='person',
            name='sentenced_on_precision',
        ),
    ]
