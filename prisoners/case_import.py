"""Importing cases in bulk: what one row of a case file changes in a person's record (a
plan, made in the dry run as in the import), and the writes of a chunk of planned rows,
a few queries a chunk rather than a dozen a row. Runs inside the import's transaction.

What a row decides (docs/import.md):

- the person's own columns (names, other spellings, gender, birthday) are the file's;
- the arrests, verdicts, releases and deaths of the status history and the articles
  charged are the ones the file gives: an entry the file no longer gives is removed, a new
  one added, an unchanged one kept with its history and its sources; the changes editors
  add that a file has no column for (pre-trial detention, transfers) stay where they are;
- a place of detention or a verdict other than the person's latest is a new stay or a new
  verdict (a transfer, an appeal), never an overwritten one; an empty cell keeps them.
"""

import itertools
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation

from prisoners.case_rows import (
    CASE_COLUMNS,
    case_of_person,
    case_row,
    parse_term_months,
    status_changes_of,
)
from prisoners.models import (
    ArticleStage,
    CaseArticle,
    Person,
    Source,
    StatusChange,
    StatusKind,
    Stay,
    Verdict,
    derived_status,
)
from prisoners.services import cite_sources, copy_sources_to_history, forget_cached_versions

# The person's columns a case file gives, compared to tell a changed row.
PERSON_COLUMNS = ["external_id", "name_en", "name_be", "name_ru", "other_spellings", "gender",
                  "country", "date_of_birth"]  # fmt: skip
# What an import writes on a person's row: those, the status derived from the history, the
# search columns and the time of the change.
PERSON_WRITTEN = [*PERSON_COLUMNS, "name", "status", "arrested_on", "arrested_on_precision",
                  "released_on", "released_on_precision", "search_text", "search_skeleton",
                  "sort_name", "updated_at"]  # fmt: skip
# The kinds of status change a case file has columns for.
FILE_KINDS = {StatusKind.ARRESTED, StatusKind.SENTENCED, StatusKind.RELEASED, StatusKind.DIED}
RECORD_MODELS = (StatusChange, Verdict, CaseArticle, Stay)
# The people loaded and written together: the memory an import needs stays this size.
CHUNK = 500
# What the people of an import are read with (the plan needs each of them).
PREFETCH = ["status_changes", "verdicts", "case_articles__article", "stays__place", "sources"]


@dataclass
class CasePlan:
    """What importing one row changes: the person's columns, entries to add and to remove,
    and the status history in its new order."""

    source: Source | None
    person_changed: bool
    history: list[StatusChange]
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    cites_source: bool = True
    # The person's row before the import (None for a new case), and the entries of the
    # record it was planned against, for the preview of what the row changes.
    before: dict | None = None
    record: dict = field(default_factory=dict)

    @property
    def changes_anything(self) -> bool:
        return self.person_changed or bool(self.added or self.removed) or not self.cites_source


def fill_person(person: Person, case: dict, slug: str) -> None:
    """Copy the row's columns onto the person (a new one gets `slug`)."""
    person.external_id = case["id"]
    person.name_en = case["name"]
    person.name_be = case["name_be"] or None
    person.name_ru = case["name_ru"] or None
    person.other_spellings = case["other_spellings"]
    person.gender = case["gender"]
    person.country = case["country"]
    person.date_of_birth = case["birthday"][0]
    if not person.slug:
        person.slug = slug


def plan_case(person: Person, case: dict, slug: str) -> CasePlan:
    """Fill the person from the row and plan the changes to their record. An existing
    person must have been read with PREFETCH."""
    is_new = person.pk is None
    before = None if is_new else [getattr(person, column) for column in PERSON_COLUMNS]
    before_row = None if is_new else case_of_person(person)
    record = {
        related: [] if is_new else list(getattr(person, related).all())
        for related in ("status_changes", "verdicts", "case_articles", "stays", "sources")
    }
    fill_person(person, case, slug)
    person_changed = before != [getattr(person, column) for column in PERSON_COLUMNS]
    source = case["source"]
    plan = CasePlan(
        source=source,
        person_changed=person_changed,
        history=[],
        cites_source=source is None or source in record["sources"],
        before=before_row,
        record=record,
    )
    plan_status_history(plan, record["status_changes"], status_changes_of(case))
    plan_articles(plan, record["case_articles"], case["articles"])
    latest_verdict = (record["verdicts"] or [None])[-1]
    verdict = verdict_of(case)
    if verdict and not (latest_verdict and same_verdict(latest_verdict, verdict)):
        plan.added.append(verdict)
    stays = record["stays"]
    if case["place"] and not (stays and stays[-1].place_id == case["place"].pk):
        plan.added.append(Stay(place=case["place"]))
    return plan


def planned_changes(person: Person, plan: CasePlan) -> list[tuple[str, str, str]]:
    """What writing the plan changes in the person's row, column by column, as
    (column, before, after): for a new case, every column it fills. The `source` column
    lists every source the person cites."""
    removed = {(type(entry), entry.pk) for entry in plan.removed}

    def kept(related: str) -> list:
        return [entry for entry in plan.record[related] if (type(entry), entry.pk) not in removed]

    def added(model) -> list:
        return [entry for entry in plan.added if isinstance(entry, model)]

    after = case_row(
        person,
        status=derived_status(plan.history)[0],
        changes=plan.history,
        verdicts=kept("verdicts") + added(Verdict),
        stays=kept("stays") + added(Stay),
        case_articles=kept("case_articles") + added(CaseArticle),
    )
    before = dict.fromkeys(CASE_COLUMNS, "") | (plan.before or {})
    sources = [source.slug for source in plan.record["sources"]]
    before["source"] = "; ".join(sources)
    if plan.source is not None and not plan.cites_source:
        sources.append(plan.source.slug)
    after["source"] = "; ".join(sources)
    return [(column, before[column], after[column]) for column in CASE_COLUMNS
            if column != "id" and before[column] != after[column]]  # fmt: skip


def change_key(change: StatusChange) -> tuple:
    return change.kind, change.date, change.date_precision, change.release_kind


def plan_status_history(plan: CasePlan, existing: list, wanted: list) -> None:
    """Keep the changes the file still gives, add the new ones in the file's order, remove
    the ones it no longer gives; an editor's change of another kind stays after the same
    number of the file's changes as before."""
    kept = {}
    for change in existing:
        if change.kind in FILE_KINDS and change_key(change) not in kept:
            kept[change_key(change)] = change
    sequence = [kept.pop(change_key(change), change) for change in wanted]
    plan.removed += list(kept.values())
    plan.added += [change for change in sequence if change.pk is None]
    anchored = {}
    seen = 0
    for change in existing:
        if change.kind in FILE_KINDS:
            seen += 1
        else:
            anchored.setdefault(min(seen, len(sequence)), []).append(change)
    history = anchored.get(0, [])
    for index, change in enumerate(sequence, start=1):
        history += [change, *anchored.get(index, [])]
    plan.history = history


def plan_articles(plan: CasePlan, existing: list, wanted: list) -> None:
    """The articles the file gives are the ones charged; other stages are editors'."""
    charged = {ca.article_id: ca for ca in existing if ca.stage == ArticleStage.CHARGED}
    wanted_ids = list(dict.fromkeys(article.pk for article in wanted))
    plan.removed += [ca for article_id, ca in charged.items() if article_id not in wanted_ids]
    other_stages = {ca.article_id for ca in existing if ca.stage != ArticleStage.CHARGED}
    articles = {article.pk: article for article in wanted}
    plan.added += [
        CaseArticle(article=articles[article_id], stage=ArticleStage.CHARGED)
        for article_id in wanted_ids
        if article_id not in charged and article_id not in other_stages
    ]


def verdict_of(case: dict) -> Verdict | None:
    if not (case["verdict_date"][0] or case["penalty"] or case["judge"] or case["court"]):
        return None
    return Verdict(
        date=case["verdict_date"][0], date_precision=case["verdict_date"][1],
        court=case["court"], judge=case["judge"], prosecutor=case["prosecutor"],
        term_en=case["penalty"], term_months=parse_term_months(case["penalty"]),
    )  # fmt: skip


def same_verdict(a: Verdict, b: Verdict) -> bool:
    columns = ("date", "date_precision", "court", "judge", "prosecutor", "term_en")
    return all(getattr(a, column) == getattr(b, column) for column in columns)


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
        person.name = person.name_en
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
