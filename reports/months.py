"""The monthly report: what the record of the public profiles says happened in a month
(arrests, verdicts, releases, deaths in custody, recognitions as political prisoners),
who was held at its end, and the chronology of its facts. Generated from the dated
record, never typed.

How dates are counted (the page, docs/api.md and docs/architecture.md say the same):

- A fact dated to the day or only to the month counts in that month; the chronology
  lists the facts dated to the day first, then those known only to the month ("during
  the month").
- A fact dated only to the year cannot be put in any month: it counts in no month's
  figures, and every month of that year lists it apart ("known only to the year").
- A fact with no date is in no month; the archive counts them.

The totals at a month's end use the statistics page's words (prisoners.statistics): a
person is held when their status is "detained" or "sentenced" (HELD), and the status is
the one the status history implies (derived_status), taken over the changes known to
have happened by the month's end. A month whose end the record cannot place a person in
(a change of their status dated only to that year, or not dated, may or may not have
happened by then) counts them as "cannot be told", never guessed. The current month's
totals are the statuses now, exactly the statistics page's "held now": everything the
record holds has happened by today.

Who is counted: the public profiles (Person.objects.public_profiles()), as on the
statistics page.

An arrest is a change of status to arrested or detained that starts a detention (the
person was not held just before it, in the order of their record): a re-arrest after a
release counts again, being taken from arrest to pre-trial detention does not. The
statistics page's "arrests per month" counts each person's first arrest only.

Four queries compute every month at once (report_index), kept in the cache for
REPORTS_SECONDS; a page then asks only for the rows of the facts it shows
(chronology)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import cache
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import cache_keys
from prisoners.dates import FuzzyDate, Precision
from prisoners.models import (
    HELD,
    Person,
    Recognition,
    Source,
    Status,
    StatusChange,
    StatusKind,
    Verdict,
    derived_status,
)
from prisoners.models.record import STATUS_AFTER


class Kind(models.TextChoices):
    """The kinds of fact a report counts, in the order it shows them."""

    ARREST = "arrest", _("Arrests")
    VERDICT = "verdict", _("Verdicts")
    RELEASE = "release", _("Releases")
    DEATH = "death", _("Deaths in custody")
    RECOGNITION = "recognition", _("Recognitions as political prisoners")


KIND_ORDER = {kind: number for number, kind in enumerate(Kind.values)}
# A person at a month's end whose record cannot tell their status then.
UNDETERMINED = "undetermined"
TOTALS = [*Status.values, UNDETERMINED]
# Where a fact goes in a month's chronology, by the precision of its date.
ON_THE_DAY, DURING_THE_MONTH, KNOWN_ONLY_TO_THE_YEAR = "day", "month", "year"
GROUP_OF_PRECISION = {
    Precision.DAY: ON_THE_DAY,
    Precision.MONTH: DURING_THE_MONTH,
    Precision.YEAR: KNOWN_ONLY_TO_THE_YEAR,
}
PRECISION_ORDER = {Precision.DAY: 0, Precision.MONTH: 1, Precision.YEAR: 2, Precision.UNKNOWN: 3}


# A month as one number (year * 12 + month - 1), so that months count and compare.
def month_number(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def first_day(month: int) -> datetime.date:
    return datetime.date(month // 12, month % 12 + 1, 1)


def last_day(month: int) -> datetime.date:
    return first_day(month + 1) - datetime.timedelta(days=1)


def month_label(month: int) -> str:
    """2021-05, as in the URL and the open data."""
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


@dataclass(frozen=True)
class Fact:
    """One dated fact of the record: which row it comes from (`model`, `pk`), whose, and
    when, as precisely as its source gives it."""

    kind: str
    model: str
    pk: int
    person_id: int
    date: datetime.date | None
    precision: str

    @property
    def when(self) -> FuzzyDate:
        return FuzzyDate(self.date, self.precision)

    @property
    def month(self) -> int | None:
        """The month it counts in, if its date is precise enough."""
        if self.date is None or self.precision not in (Precision.DAY, Precision.MONTH):
            return None
        return month_number(self.date)

    @property
    def counted(self) -> bool:
        """Whether it counts in a month's figures."""
        return self.month is not None

    @property
    def group(self) -> str:
        return GROUP_OF_PRECISION.get(self.precision, "")

    def sort_key(self) -> tuple:
        return (
            PRECISION_ORDER.get(self.precision, 3),
            self.date or datetime.date.max,
            KIND_ORDER[self.kind],
            self.person_id,
            self.pk,
        )


class Change(NamedTuple):
    """What derived_status reads of a status change."""

    kind: str
    release_kind: str
    date: datetime.date | None
    date_precision: str


@dataclass
class ReportIndex:
    """Every month's figures and every fact, as counted at `counted_at`."""

    first: int
    current: int
    facts: list[Fact]
    by_month: dict[int, dict[str, int]]
    year_only: dict[int, dict[str, int]]
    undated: dict[str, int]
    totals: dict[int, dict[str, int]]
    counted_at: datetime.datetime

    def exists(self, month: int) -> bool:
        """A report exists for every month from the first dated fact to the current one."""
        return self.first <= month <= self.current

    @property
    def listed(self) -> list[int]:
        """The months the archive lists, newest first: those with a fact counted in them,
        and the current month. (A month between with nothing in it has its page too.)"""
        with_facts = {month for month in self.by_month if month <= self.current}
        return sorted({*with_facts, self.current}, reverse=True)

    def figures(self, month: int) -> dict[str, int]:
        counts = self.by_month.get(month, {})
        return {kind: counts.get(kind, 0) for kind in Kind.values}

    def totals_at_end(self, month: int) -> dict[str, int]:
        totals = self.totals.get(month, {})
        counts = {state: totals.get(state, 0) for state in TOTALS}
        return {"held": sum(counts[status] for status in HELD)} | counts

    def year_only_figures(self, year: int) -> dict[str, int]:
        counts = self.year_only.get(year, {})
        return {kind: counts.get(kind, 0) for kind in Kind.values}

    def month_report(self, month: int) -> "MonthReport":
        counted = sorted((fact for fact in self.facts if fact.month == month), key=Fact.sort_key)
        year = month // 12
        of_the_year = sorted(
            (
                fact
                for fact in self.facts
                if fact.precision == Precision.YEAR and fact.date and fact.date.year == year
            ),
            key=Fact.sort_key,
        )
        listed = self.listed
        earlier = [other for other in listed if other < month]
        later = [other for other in listed if other > month]
        return MonthReport(
            month=month,
            figures=self.figures(month),
            totals=self.totals_at_end(month),
            year_only=self.year_only_figures(year),
            facts=counted + of_the_year,
            is_current=month == self.current,
            previous=earlier[0] if earlier else None,
            next=later[-1] if later else None,
            counted_at=self.counted_at,
        )


@dataclass
class MonthReport:
    month: int
    figures: dict[str, int]
    totals: dict[str, int]
    year_only: dict[str, int]
    facts: list[Fact]
    is_current: bool
    previous: int | None
    next: int | None
    counted_at: datetime.datetime

    @property
    def first_day(self) -> datetime.date:
        return first_day(self.month)

    @property
    def last_day(self) -> datetime.date:
        return last_day(self.month)

    @property
    def label(self) -> str:
        return month_label(self.month)

    @property
    def counted_facts(self) -> int:
        return sum(self.figures.values())


def report_index() -> ReportIndex:
    """Every month's figures, from the cache (REPORTS_SECONDS)."""
    return cache.get_or_set(cache_keys.REPORTS, count_every_month, cache_keys.REPORTS_SECONDS)


def report_or_404(month: datetime.date) -> MonthReport:
    """The report of the month of this day, or a 404 for a month before the first dated
    fact or after the current one."""
    index = report_index()
    number = month_number(month)
    if not index.exists(number):
        raise Http404("There is no report for this month.")
    return index.month_report(number)


def count_every_month(today: datetime.date | None = None) -> ReportIndex:
    """Every fact and every month's figures, counted now: four queries."""
    today = today or timezone.localdate()
    people = Person.objects.public_profiles().order_by()
    status_now = dict(people.values_list("pk", "status"))
    changes: dict[int, list[tuple[int, Change]]] = defaultdict(list)
    rows = (
        StatusChange.objects.filter(person__in=people, kind__in=list(STATUS_AFTER))
        .order_by("person_id", "position", "pk")
        .values_list("pk", "person_id", "kind", "release_kind", "date", "date_precision")
    )
    for pk, person_id, kind, release_kind, date, precision in rows:
        changes[person_id].append((pk, Change(kind, release_kind, date, precision)))
    facts = _status_facts(changes)
    for model, kind in ((Verdict, Kind.VERDICT), (Recognition, Kind.RECOGNITION)):
        rows = (
            model.objects.filter(person__in=people)
            .order_by()
            .values_list("pk", "person_id", "date", "date_precision")
        )
        facts += [
            Fact(kind, model._meta.model_name, pk, person_id, date, precision)
            for pk, person_id, date, precision in rows
        ]
    facts.sort(key=Fact.sort_key)
    current = month_number(today)
    by_month: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    year_only: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    undated: dict[str, int] = dict.fromkeys(Kind.values, 0)
    for fact in facts:
        if fact.month is not None:
            by_month[fact.month][fact.kind] += 1
        elif fact.precision == Precision.YEAR and fact.date:
            year_only[fact.date.year][fact.kind] += 1
        else:
            undated[fact.kind] += 1
    starts = [month for month in by_month if month <= current]
    starts += [year * 12 for year in year_only if year * 12 <= current]
    first = min(starts, default=current)
    return ReportIndex(
        first=first,
        current=current,
        facts=facts,
        by_month={month: dict(counts) for month, counts in by_month.items()},
        year_only={year: dict(counts) for year, counts in year_only.items()},
        undated=undated,
        totals=_totals_at_every_month_end(changes, status_now, first=first, current=current),
        counted_at=timezone.now(),
    )


def _status_facts(changes: dict[int, list[tuple[int, Change]]]) -> list[Fact]:
    """The arrests (a change to arrested or detained while not held just before it),
    releases and deaths in each person's status history, in the order of their record."""
    facts = []
    for person_id, history in changes.items():
        before = Status.UNKNOWN
        for number, (pk, change) in enumerate(history):
            kind = None
            if change.kind in (StatusKind.ARRESTED, StatusKind.DETAINED) and before not in HELD:
                kind = Kind.ARREST
            elif change.kind == StatusKind.RELEASED:
                kind = Kind.RELEASE
            elif change.kind == StatusKind.DIED:
                kind = Kind.DEATH
            if kind:
                facts.append(
                    Fact(kind, "statuschange", pk, person_id, change.date, change.date_precision)
                )
            before = derived_status([change for _pk, change in history[: number + 1]])[0]
    return facts


def _known_by(change: Change, day: datetime.date) -> bool:
    """Whether the change is known to have happened by the end of `day`."""
    if change.date is None or change.date_precision == Precision.UNKNOWN:
        return False
    if change.date_precision == Precision.YEAR:
        return datetime.date(change.date.year, 12, 31) <= day
    if change.date_precision == Precision.MONTH:
        return last_day(month_number(change.date)) <= day
    return change.date <= day


def _known_after(change: Change, day: datetime.date) -> bool:
    """Whether the change is known to have happened after `day` (dates are stored as
    the first day of their month or year: normalise)."""
    return (
        change.date is not None and change.date_precision != Precision.UNKNOWN and change.date > day
    )


def status_at(history: list[Change], day: datetime.date) -> str | None:
    """A person's status at the end of a past `day`, from their status history in the
    order of their record: the status the changes known to have happened by then imply,
    UNDETERMINED when a later change of the record may have happened by then (dated only
    to that year, or not dated), None when the record starts after it, and
    Status.UNKNOWN when the record holds no change of status at all."""
    if not history:
        return Status.UNKNOWN
    known = [number for number, change in enumerate(history) if _known_by(change, day)]
    last = known[-1] if known else -1
    if not all(_known_after(change, day) for change in history[last + 1 :]):
        return UNDETERMINED
    if last < 0:
        return None
    return derived_status(history[: last + 1])[0]


def _totals_at_every_month_end(
    changes: dict[int, list[tuple[int, Change]]],
    status_now: dict[int, str],
    *,
    first: int,
    current: int,
) -> dict[int, dict[str, int]]:
    """For each month from `first` to `current`, the people in each status at its end
    (the current month: now). A person's status can change only in a month where one of
    their changes starts or ends being known to have happened, so each person is looked
    at in those months only, not in every month."""
    starts: dict[str, list[int]] = {state: [0] * (current - first + 2) for state in TOTALS}
    for person_id, status in status_now.items():
        history = [change for _pk, change in changes.get(person_id, [])]
        breaks = {first}
        for change in history:
            if change.date is not None and change.date_precision != Precision.UNKNOWN:
                breaks.add(month_number(change.date))
                end = {
                    Precision.YEAR: change.date.year * 12 + 11,
                    Precision.MONTH: month_number(change.date),
                }.get(change.date_precision, month_number(change.date))
                breaks.add(end)
        breaks = sorted(month for month in breaks if first <= month < current) + [current]
        for number, month in enumerate(breaks[:-1]):
            state = status_at(history, last_day(month))
            if state is not None:
                starts[state][month - first] += 1
                starts[state][breaks[number + 1] - first] -= 1
        # The current month: the status now, as the statistics page counts it.
        starts[status][current - first] += 1
        starts[status][current - first + 1] -= 1
    totals: dict[int, dict[str, int]] = {}
    running = dict.fromkeys(TOTALS, 0)
    for offset in range(current - first + 1):
        for state in TOTALS:
            running[state] += starts[state][offset]
        totals[first + offset] = {state: count for state, count in running.items() if count}
    return totals


@dataclass
class Entry:
    """A fact as the chronology shows it: its date, what happened, to whom, and the
    sources that say so."""

    fact: Fact
    person: Person
    row: models.Model
    sources: list[Source] = field(default_factory=list)

    @property
    def what(self) -> str:
        """What happened, in the current language."""
        row = self.row
        if self.fact.kind == Kind.VERDICT:
            parts = [row.get_penalty_kind_display(), row.term]
            detail = ", ".join(str(part) for part in parts if part)
            if detail:
                return gettext("Sentenced: %(sentence)s") % {"sentence": detail}
            return gettext("Sentenced")
        if self.fact.kind == Kind.RECOGNITION:
            return gettext("Recognised as a political prisoner by %(organisation)s") % {
                "organisation": row.organisation
            }
        return str(row.label)


MODELS = {"statuschange": StatusChange, "verdict": Verdict, "recognition": Recognition}


def chronology(facts: list[Fact]) -> list[Entry]:
    """These facts with their people, rows and sources: a query for the people and two
    for each kind of row (the rows, their sources) among them, whatever their number."""
    rows = {}
    for name, model in MODELS.items():
        pks = [fact.pk for fact in facts if fact.model == name]
        if pks:
            for row in model.objects.filter(pk__in=pks).prefetch_related("sources"):
                rows[name, row.pk] = row
    person_ids = {fact.person_id for fact in facts}
    people = Person.objects.in_bulk(person_ids) if person_ids else {}
    return [
        Entry(
            fact=fact,
            person=people[fact.person_id],
            row=rows[fact.model, fact.pk],
            sources=sorted(rows[fact.model, fact.pk].sources.all(), key=lambda s: s.pk),
        )
        for fact in facts
        if (fact.model, fact.pk) in rows and fact.person_id in people
    ]
