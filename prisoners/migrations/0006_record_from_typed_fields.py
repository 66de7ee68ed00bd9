"""Move the facts typed on the person (status, dates, sentence, place, address) into the
record: a status history, a verdict, a place of detention and a stay, each citing the
person's sources. The person's status and dates stay as they were: they are what the
history now derives."""

from django.db import migrations
from django.utils.text import slugify

HELD_OR_AFTER = {"detained", "sentenced", "released", "released_exiled", "deceased"}
LANGUAGES = ("en", "be", "ru")


def forwards(apps, schema_editor):
    Person = apps.get_model("prisoners", "Person")
    StatusChange = apps.get_model("prisoners", "StatusChange")
    Verdict = apps.get_model("prisoners", "Verdict")
    Place = apps.get_model("prisoners", "PlaceOfDetention")
    Stay = apps.get_model("prisoners", "Stay")
    for person in Person.objects.prefetch_related("sources"):
        sources = list(person.sources.all())
        entries = []
        sentenced = bool(person.sentence_en or person.sentenced_on) or person.status == "sentenced"
        if person.status in HELD_OR_AFTER or person.arrested_on:
            entries.append(
                StatusChange(
                    kind="arrested",
                    date=person.arrested_on,
                    date_precision=person.arrested_on_precision,
                )
            )
        if sentenced:
            entries.append(
                StatusChange(
                    kind="sentenced",
                    date=person.sentenced_on,
                    date_precision=person.sentenced_on_precision,
                )
            )
            verdict = Verdict.objects.create(
                person=person,
                position=1,
                date=person.sentenced_on,
                date_precision=person.sentenced_on_precision,
                **{f"term_{code}": getattr(person, f"sentence_{code}") or "" for code in LANGUAGES},
                term=person.sentence_en or "",
            )
            verdict.sources.set(sources)
        if person.status in ("released", "released_exiled"):
            entries.append(
                StatusChange(
                    kind="released",
                    release_kind="exiled" if person.status == "released_exiled" else "",
                    date=person.released_on,
                    date_precision=person.released_on_precision,
                )
            )
        if person.status == "deceased":
            entries.append(StatusChange(kind="died"))
        for position, entry in enumerate(entries, start=1):
            entry.person = person
            entry.position = position
            entry.save()
            entry.sources.set(sources)
        name = person.place_of_detention_en or (person.postal_address or "").strip().split("\n")[0]
        if name:
            place, _ = Place.objects.get_or_create(
                slug=slugify(name)[:200] or f"place-{person.pk}",
                defaults={
                    "name": name,
                    "name_en": name,
                    "name_be": person.place_of_detention_be or "",
                    "name_ru": person.place_of_detention_ru or "",
                    "postal_address": person.postal_address or "",
                },
            )
            stay = Stay.objects.create(person=person, place=place, position=1)
            stay.sources.set(sources)


class Migration(migrations.Migration):

    dependencies = [
        ("prisoners", "0005_legal_record"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
