"""The history of every fact: who changed what, when, and an earlier version to restore.

Registered here, after the translations (see the end of prisoners/translation.py), so the
historical tables get every language's column: django-simple-history's advice for
modeltranslation. The sources a fact cites are kept too (``m2m_fields``)."""

import datetime
import itertools
from dataclasses import dataclass

import simple_history
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from core.fields import same_text
from core.history import ChangesOnly, translation_originals
from prisoners.models import (
    CaseArticle,
    CriminalArticle,
    Event,
    LetterGuidance,
    LetterPhrase,
    Methodology,
    Person,
    PlaceOfDetention,
    Quote,
    Recognition,
    Source,
    StatusChange,
    StatusKind,
    Stay,
    Verdict,
)

# Derived columns, rebuilt on every save: a copy in history says nothing an editor did.
PERSON_DERIVED = ["search_text", "search_skeleton", "sort_name"]

simple_history.register(
    Person, records_class=ChangesOnly, m2m_fields=["sources"], excluded_fields=PERSON_DERIVED
)
for model in (Event, CaseArticle, Verdict, StatusChange, Stay, Recognition, PlaceOfDetention):
    simple_history.register(model, records_class=ChangesOnly, m2m_fields=["sources"])
for model in (Quote, Source, CriminalArticle, Methodology, LetterGuidance, LetterPhrase):
    simple_history.register(model, records_class=ChangesOnly)


# What the public change log leaves out: bookkeeping, derived or internal columns.
NOT_PUBLIC = {"id", "updated_at", "slug", "is_published", "search_text", "search_skeleton"}
NOT_PUBLIC |= set(PERSON_DERIVED)
# Historical records of one entry this close together are one save.
ONE_SAVE = datetime.timedelta(seconds=2)


@dataclass(frozen=True)
class PublicChange:
    """One line of a profile's public change log: when (a date) and what, never who."""

    on: datetime.date
    what: str


def _person_field_labels() -> dict[str, str]:
    """Column name -> label for the public facts of a person (each language's column
    under the field's own label)."""
    labels = {}
    originals = translation_originals(Person)
    for field in Person._meta.concrete_fields:
        base = getattr(field, "translated_field", field)
        if base.name in NOT_PUBLIC or field.name in NOT_PUBLIC or not field.editable:
            continue
        if field.name in originals:  # a copy of one language's column
            continue
        labels[field.attname] = capfirst(str(base.verbose_name))
    return labels


def _record_entries(person_id: int, limit: int):
    """The latest additions and removals of record entries, from all five historical
    tables in one query."""
    sections = [
        (StatusChange, "kind"),
        (Verdict, None),
        (CaseArticle, None),
        (Stay, None),
        (Recognition, None),
        (Event, None),
        (Quote, None),
    ]
    querysets = [
        model.history.filter(person_id=person_id)
        .annotate(
            section=Value(model._meta.model_name),
            detail=F(detail) if detail else Value(""),
        )
        .values_list("history_date", "history_type", "section", "detail", "id")
        .order_by()
        for model, detail in sections
    ]
    rows = querysets[0].union(*querysets[1:], all=True).order_by("-history_date")
    return rows[: limit * 2]


def _one_line_a_save(rows) -> list:
    """Newest first, without the edit that follows an entry's own save (an entry saved
    with its sources is two historical records: the entry, then its sources)."""
    kept = []
    for row in sorted(rows, key=lambda row: row[0]):
        when, history_type, section, _detail, entry = row
        if kept and history_type == "~":
            last = next((k for k in reversed(kept) if (k[2], k[4]) == (section, entry)), None)
            if last is not None and last[1] != "-" and when - last[0] <= ONE_SAVE:
                continue
        kept.append(row)
    return kept[::-1]


def public_change_log(person_id: int, limit: int = 10) -> list[PublicChange]:
    """The last `limit` changes to a person's public facts: fields edited (by label) and
    entries added to or removed from the record. A version that changed no public field
    (or only the line breaks of a text) is no line. Two queries whatever the history's
    length."""
    labels = _person_field_labels()
    versions = list(
        Person.history.filter(id=person_id).order_by("-history_date", "-history_id")[: limit + 1]
    )
    changes = []
    for newer, older in itertools.pairwise([*versions, None]):
        if older is None:
            if newer.history_type == "+":
                changes.append((newer.history_date, gettext("Profile created")))
            continue
        changed = sorted(
            {
                label
                for column, label in labels.items()
                if not same_text(getattr(older, column), getattr(newer, column))
            }
        )
        if changed:
            what = gettext("Changed: %(fields)s") % {"fields": ", ".join(changed)}
            changes.append((newer.history_date, what))
    section_labels = {
        "statuschange": gettext("Status history"),
        "verdict": gettext("Verdicts"),
        "casearticle": gettext("Charges"),
        "stay": gettext("Places of detention"),
        "recognition": gettext("Recognition"),
        "event": gettext("Timeline"),
        "quote": gettext("Quotes"),
    }
    templates = {
        "+": gettext("%(section)s: added %(name)s"),
        "~": gettext("%(section)s: changed %(name)s"),
        "-": gettext("%(section)s: removed %(name)s"),
    }
    kinds = dict(StatusKind.choices)
    for when, history_type, section, detail, _entry in _one_line_a_save(
        _record_entries(person_id, limit)
    )[:limit]:
        name = str(kinds.get(detail, "")) if detail else ""
        template = templates[history_type]
        line = template % {"section": section_labels[section], "name": name}
        changes.append((when, line.strip()))
    changes.sort(key=lambda change: change[0], reverse=True)
    return [PublicChange(on=timezone.localdate(when), what=what) for when, what in changes[:limit]]


# The entries of a person's record, as the person's History page lists them.
RECORD_ENTRIES = {
    model._meta.model_name: model
    for model in (StatusChange, Verdict, CaseArticle, Stay, Recognition)
}


@dataclass(frozen=True)
class RecordChange:
    """One change to an entry of a record as an editor made it: the historical records
    one save wrote (an entry added with its sources is an addition and then a change of
    its sources, a second apart at most), shown and undone together."""

    key: str  # the entry's model name, for the undo address
    first: object  # the earliest historical record of the change (undo starts there)
    last: object  # the latest (what the entry became)

    @property
    def history_type(self) -> str:
        return self.first.history_type

    @property
    def label(self) -> str:
        return self.first.get_history_type_display()

    @property
    def kind(self) -> str:
        return RECORD_ENTRIES[self.key]._meta.verbose_name


def record_changes(person_id: int, limit: int = 50) -> list[RecordChange]:
    """The latest changes to the entries of a person's record, newest first (a query per
    kind of entry)."""
    versions = []
    for key, model in RECORD_ENTRIES.items():
        recent = model.history.filter(person_id=person_id).select_related("history_user")
        versions += [(key, version) for version in recent.order_by("-history_date")[: limit * 2]]
    versions.sort(key=lambda pair: (pair[1].history_date, pair[1].history_id), reverse=True)
    changes = []
    for key, version in versions:
        if changes:
            newer = changes[-1]
            if (
                newer.key == key
                and newer.first.id == version.id
                and newer.first.history_user_id == version.history_user_id
                and newer.first.history_date - version.history_date <= ONE_SAVE
                and newer.first.history_type != "+"
            ):
                changes[-1] = RecordChange(key=key, first=version, last=newer.last)
                continue
        changes.append(RecordChange(key=key, first=version, last=version))
    return changes[:limit]


class CannotUndo(Exception):
    """The change cannot be undone as it stands (a message for the editor)."""


@transaction.atomic
def undo_record_change(version) -> None:
    """Undo one change to an entry of a person's record, as its historical record `version`
    describes it: an addition removes the entry, a removal puts it back as it was (its
    sources too), an edit restores the values from before it. The undo is itself a change
    in the history; the person's status is derived again (StatusChange.save and delete)."""
    model = version.instance_type
    if version.history_type == "+":
        entry = model.objects.filter(pk=version.id).first()
        if entry is not None:
            entry.delete()
        return
    before = version if version.history_type == "-" else version.prev_record
    if before is None:
        raise CannotUndo(gettext("There is no earlier version of this entry to go back to."))
    entry = before.instance
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:
        raise CannotUndo(
            gettext("The record already has an entry like this one; nothing was changed.")
        ) from error
    # A removal's own record has no sources: Django deletes the links before the entry.
    cited = before.prev_record if version.history_type == "-" else before
    entry.sources.set([row.source_id for row in cited.sources.all()] if cited else [])
