"""A chunk of planned rows of a case file written (planning.py plans them): a few queries a
chunk rather than a dozen a row. Runs inside the import's transaction."""

import itertools

from django.conf import settings
from django.utils import timezone, translation

from prisoners.casefile.columns import default_name_field
from prisoners.casefile.planning import PERSON_COLUMNS
from prisoners.models import CaseArticle, Person, StatusChange, Stay, Verdict, derived_status
from prisoners.services import cite_sources, copy_sources_to_history, forget_cached_versions

# What an import writes on a person's row: the file's columns, the status derived from the
# history, the search columns and the time of the change.
PERSON_WRITTEN = [*PERSON_COLUMNS, "name", "status", "arrested_on", "arrested_on_precision",
                  "released_on", "released_on_precision", "search_text", "search_skeleton",
                  "sort_name", "updated_at"]  # fmt: skip
RECORD_MODELS = (StatusChange, Verdict, CaseArticle, Stay)
# The people loaded and written together: the memory an import needs stays this size.
CHUNK = 500


def write_cases(people: list[Person], *, user=None, reason: str = "") -> None:
    """Write a chunk of planned rows (each person carries its plan as `import_plan`): the
    people, their record entries, the sources they cite and the history of each, in bulk.
    Deleting an entry goes through Django's delete, which records its history."""
    if not people:
        return
    with translation.override(settings.LANGUAGE_CODE):
        _write_cases(people, user=user, reason=reason)
    forget_cached_versions(people)


def _write_cases(people: list[Person], *, user, reason: str) -> None:
    now = timezone.now()
    history = {"default_user": user, "default_change_reason": reason, "default_date": now}
    for person in people:
        person.name = getattr(person, default_name_field())
        person.status, arrested, released = derived_status(person.import_plan.history)
        person.arrested_on, person.arrested_on_precision = arrested
        person.released_on, person.released_on_precision = released
        person.refresh_search_columns()
        person.updated_at = now
    new = [person for person in people if person.pk is None]
    old = [person for person in people if person.pk is not None]
    Person.objects.bulk_create(new)
    Person.objects.bulk_update(old, PERSON_WRITTEN)

    plans = [person.import_plan for person in people]
    removed = list(itertools.chain.from_iterable(plan.removed for plan in plans))
    for model in RECORD_MODELS:
        pks = [entry.pk for entry in removed if isinstance(entry, model)]
        if pks:
            model.objects.filter(pk__in=pks).delete()
    renumbered = []
    added = {model: [] for model in RECORD_MODELS}
    for person in people:
        plan = person.import_plan
        for position, change in enumerate(plan.history, start=1):
            change.person = person
            if change.pk is None:
                change.position = position
            elif change.position != position:
                change.position = position
                renumbered.append(change)
        last = {}
        for entry in plan.added:
            entry.person = person
            model = type(entry)
            if model is not StatusChange:
                last[model] = last.get(model, max_position(person, model)) + 1
                entry.position = last[model]
            added[model].append(entry)
    StatusChange.objects.bulk_update(renumbered, ["position"])
    for model, entries in added.items():
        model.objects.bulk_create(entries)
        cite_sources(model, [(entry, entry.person.import_plan.source) for entry in entries])
    cite_sources(Person, [(person, person.import_plan.source) for person in people
                          if not person.import_plan.cites_source])  # fmt: skip

    records = Person.history.bulk_history_create(new, **history) or []
    records += Person.history.bulk_history_create(old, update=True, **history) or []
    copy_sources_to_history(Person, [*new, *old], records)
    for model, entries in added.items():
        records = model.history.bulk_history_create(entries, **history) or []
        copy_sources_to_history(model, entries, records)


def max_position(person: Person, model) -> int:
    """The last position among the person's entries of this kind (prefetched)."""
    if person.pk is None or not hasattr(person, "_prefetched_objects_cache"):
        return 0
    related = {Verdict: "verdicts", CaseArticle: "case_articles", Stay: "stays"}[model]
    return max((entry.position for entry in getattr(person, related).all()), default=0)
