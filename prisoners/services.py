"""Writes to many people at once, from the bulk actions of the person list in the admin:
each in one transaction, a few queries for the lot, with the history of every row kept as
a save would keep it (django-simple-history's bulk_history_create, and the sources each
version cites, as the case import does)."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation

from core import cache_keys
from prisoners.case_import import copy_sources_to_history
from prisoners.dates import normalise
from prisoners.models import Person, Source, StatusChange, StatusKind


def forget_cached_versions(people: list[Person]) -> None:
    """Now and after the commit, as Person.forget_cached_version does for one."""
    keys = [cache_keys.profile_version(person.slug) for person in people]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def cite_source(model, objects: list, source: Source) -> None:
    """Make each object cite `source`: one insert for the lot."""
    through = model._meta.get_field("sources").remote_field.through
    column = f"{model._meta.model_name}_id"
    through.objects.bulk_create(through(**{column: obj.pk, "source": source}) for obj in objects)


@transaction.atomic
def people_publish(*, people, published: bool, user=None) -> int:
    """Publish (or unpublish) these people; those already so are left alone. Returns how
    many changed."""
    changing = list(people.exclude(is_published=published))
    if not changing:
        return 0
    now = timezone.now()
    for person in changing:
        person.is_published = published
        person.updated_at = now
    Person.objects.bulk_update(changing, ["is_published", "updated_at"])
    records = Person.history.bulk_history_create(
        changing, update=True, default_user=user, default_date=now
    )
    copy_sources_to_history(Person, changing, records or [])
    forget_cached_versions(changing)
    return len(changing)


@transaction.atomic
def status_changes_add(
    *,
    people,
    kind: str,
    release_kind: str = "",
    date: datetime.date | None,
    date_precision: str,
    source: Source,
    note: str = "",
    user=None,
) -> list[StatusChange]:
    """One status change citing `source` for each of these people, after their other
    changes; their status and dates derived again. Returns the changes written."""
    people = list(people.order_by("pk"))
    if not people:
        return []
    date, date_precision = normalise(date, date_precision)
    last = dict(
        StatusChange.objects.filter(person__in=people)
        .values("person_id")
        .annotate(last=Max("position"))
        .values_list("person_id", "last")
    )
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):  # the note is the English one
        changes = StatusChange.objects.bulk_create(
            StatusChange(
                person=person,
                position=last.get(person.pk, 0) + 1,
                kind=kind,
                release_kind=release_kind if kind == StatusKind.RELEASED else "",
                date=date,
                date_precision=date_precision,
                note=note,
            )
            for person in people
        )
    cite_source(StatusChange, changes, source)
    records = StatusChange.history.bulk_history_create(changes, default_user=user, default_date=now)
    copy_sources_to_history(StatusChange, changes, records or [])
    ids = [person.pk for person in people]
    Person.objects.filter(pk__in=ids).update(updated_at=now)
    Person.objects.filter(pk__in=ids).refresh_records()
    forget_cached_versions(people)
    return changes
