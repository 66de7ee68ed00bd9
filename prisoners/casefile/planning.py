"""What one row of a case file changes in a person's record: a plan, made without a write,
in the dry run as in the import (writing.py writes it). Runs inside the import's
transaction.

What a row decides (docs/import.md):

- the person's own columns (names, other spellings, gender, birthday) are the file's;
- the arrests, verdicts, releases and deaths of the status history and the articles
  charged are the ones the file gives: an entry the file no longer gives is removed, a new
  one added, an unchanged one kept with its history and its sources; the changes editors
  add that a file has no column for (pre-trial detention, transfers) stay where they are;
- a place of detention or a verdict other than the person's latest is a new stay or a new
  verdict (a transfer, an appeal), never an overwritten one; an empty cell keeps them.
"""

from dataclasses import dataclass, field

from django.conf import settings

from prisoners.casefile.columns import (
    CASE_COLUMNS,
    NAME_COLUMNS,
    case_of_person,
    case_row,
    default_name_field,
)
from prisoners.casefile.reading import parse_term_months, status_changes_of
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

# The person's columns a case file gives, compared to tell a changed row.
PERSON_COLUMNS = ["external_id", default_name_field(), *NAME_COLUMNS, "other_spellings",
                  "gender", "country", "date_of_birth", "date_of_birth_precision"]  # fmt: skip
# The kinds of status change a case file has columns for.
FILE_KINDS = {StatusKind.ARRESTED, StatusKind.SENTENCED, StatusKind.RELEASED, StatusKind.DIED}
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
    setattr(person, default_name_field(), case["name"])
    for column in NAME_COLUMNS:
        setattr(person, column, case[column] or None)
    person.other_spellings = case["other_spellings"]
    person.gender = case["gender"]
    person.country = case["country"]
    person.date_of_birth, precision = case["birthday"]
    if person.date_of_birth is not None:  # a year alone stays a year, not 1 January
        person.date_of_birth_precision = precision
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


def default_term_field() -> str:
    """The verdict's field the `penalty` column fills: the term in the default language."""
    return f"term_{settings.LANGUAGE_CODE}"


def verdict_of(case: dict) -> Verdict | None:
    if not (case["verdict_date"][0] or case["penalty"] or case["judge"] or case["court"]):
        return None
    return Verdict(
        date=case["verdict_date"][0], date_precision=case["verdict_date"][1],
        court=case["court"], judge=case["judge"], prosecutor=case["prosecutor"],
        term_months=parse_term_months(case["penalty"]),
        **{default_term_field(): case["penalty"]},
    )  # fmt: skip


def same_verdict(a: Verdict, b: Verdict) -> bool:
    columns = ("date", "date_precision", "court", "judge", "prosecutor", default_term_field())
    return all(getattr(a, column) == getattr(b, column) for column in columns)
