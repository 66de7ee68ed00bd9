"""Writes to many people at once, from the bulk actions of the person list in the admin:
each in one transaction, a few queries for the lot, with the history of every row kept as
a save would keep it (django-simple-history's bulk_history_create, and the sources each
version cites). The helpers for such writes are here too; the case import uses them. And
the news of new status changes, written from the admin's save paths (the case import
writes none)."""

import datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation

from core import cache_keys
from core.page_cache import forget_pages
from news.models import News, NewsKind
from news.services import languages_written, news_write
from prisoners.dates import normalise
from prisoners.models import Person, Source, StatusChange, StatusKind


def forget_cached_versions(people: list[Person]) -> None:
    """Now and after the commit, as Person.forget_cached_version does for one."""
    paths = [path for person in people for path in person.profile_paths()]
    forget_pages(paths)
    cache.delete(cache_keys.LETTER_POOL)
    transaction.on_commit(lambda: (forget_pages(paths), cache.delete(cache_keys.LETTER_POOL)))


def cite_sources(model, pairs) -> None:
    """Make each object cite its source (pairs of object and source, or None for none):
    one insert for the lot."""
    through = model._meta.get_field("sources").remote_field.through
    column = f"{model._meta.model_name}_id"
    through.objects.bulk_create(
        through(**{column: obj.pk, "source": source}) for obj, source in pairs if source
    )


def copy_sources_to_history(model, objects: list, records: list) -> None:
    """Each historical record keeps the sources its object cites, as django-simple-history
    does on every save (create_historical_record_m2ms); its bulk_history_create does not,
    so they are copied here, one read and one insert for the lot."""
    if not objects or not records:
        return
    through = model._meta.get_field("sources").remote_field.through
    column = f"{model._meta.model_name}_id"
    historical_sources = apps.get_model(model._meta.app_label, f"Historical{through.__name__}")
    cited = {}
    for pk, obj_id, source_id in through.objects.filter(
        **{f"{column}__in": [obj.pk for obj in objects]}
    ).values_list("pk", column, "source_id"):
        cited.setdefault(obj_id, []).append((pk, source_id))
    historical_sources.objects.bulk_create(
        historical_sources(history_id=record.pk, id=pk, source_id=source_id, **{column: obj.pk})
        for obj, record in zip(objects, records, strict=True)
        for pk, source_id in cited.get(obj.pk, [])
    )


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
    cite_sources(StatusChange, [(change, source) for change in changes])
    records = StatusChange.history.bulk_history_create(changes, default_user=user, default_date=now)
    copy_sources_to_history(StatusChange, changes, records or [])
    ids = [person.pk for person in people]
    Person.objects.filter(pk__in=ids).update(updated_at=now)
    Person.objects.filter(pk__in=ids).refresh_records()
    forget_cached_versions(people)
    return changes


@transaction.atomic
def status_changes_news_write(*, changes: list[StatusChange], user=None) -> list[News]:
    """The news of each new dated status change of a public profile (what its followers
    hear of); none of an undated change, or of a draft or not political prisoner's
    profile. Writing the same change's news twice finds the first."""
    written = []
    for change in changes:
        person = change.person
        if not change.when.is_known or not person.is_published:
            continue
        if not person.is_political_prisoner:
            continue
        written.append(
            news_write(
                kind=NewsKind.STATUS_CHANGE,
                subject=change,
                about=[person],
                languages=languages_written(change, ("note",)),
                topic=f"status-change:{change.pk}",
                user=user,
            )
        )
    return written
