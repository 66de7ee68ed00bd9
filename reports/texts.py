"""The words of a report, in the current language: written once here, shown by the page
and drawn in the PDF."""

from itertools import groupby

from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from prisoners.models import Status
from reports.months import (
    DURING_THE_MONTH,
    KNOWN_ONLY_TO_THE_YEAR,
    ON_THE_DAY,
    UNDETERMINED,
    Entry,
    Kind,
    MonthReport,
)


def month_name(report: MonthReport) -> str:
    return date_format(report.first_day, "YEAR_MONTH_FORMAT")


def title(report: MonthReport) -> str:
    return _("Monthly report: %(month)s") % {"month": month_name(report)}


def introduction(report: MonthReport) -> list[str]:
    lines = [
        _(
            "What the record of the political prisoners we document says happened in "
            "%(month)s, and who was held at its end: generated from the dated facts of the "
            "published profiles, each linked to its profile and its sources, never typed."
        )
        % {"month": month_name(report)}
    ]
    if report.is_current:
        lines.append(
            _(
                "This month is not over: its figures are those recorded so far, and the "
                "totals are those of now."
            )
        )
    return lines


def figures_heading(report: MonthReport) -> str:
    return _("In %(month)s") % {"month": month_name(report)}


def figure_rows(report: MonthReport) -> list[tuple[str, int]]:
    return [(label, report.figures[kind]) for kind, label in Kind.choices]


def totals_heading(report: MonthReport) -> str:
    if report.is_current:
        return _("Now")
    return _("At the month's end (%(date)s)") % {
        "date": date_format(report.last_day, "DATE_FORMAT")
    }


def total_rows(report: MonthReport) -> list[tuple[str, int]]:
    statuses = dict(Status.choices)
    totals = report.totals
    rows = [(_("Held: awaiting trial or sentenced"), totals["held"])]
    rows += [(str(statuses[status]), totals[status]) for status in Status.values]
    if not report.is_current:
        rows.append((_("Status at that date cannot be told"), totals[UNDETERMINED]))
    return rows


def totals_note(report: MonthReport) -> str:
    if report.is_current:
        return _(
            "Held means awaiting trial, or sentenced and in prison: the same count as the "
            "statistics page's “held now”."
        )
    return _(
        "Held means awaiting trial, or sentenced and in prison, as on the statistics page: "
        "each person's status at the month's end is the one their status history implies "
        "by then. A person is counted as “cannot be told” when a change of their "
        "status dated only to the year, or not dated, may or may not have happened by then; "
        "and is not counted at all when their record starts later."
    )


def counting_rules(report: MonthReport) -> list[str]:
    year = report.first_day.year
    known_to_year = sum(report.year_only.values())
    return [
        _(
            "A fact dated to the day or only to the month counts in that month; those "
            "known only to the month are listed after the others, as “during the "
            "month”."
        ),
        _(
            "A fact whose date is known only to the year cannot be put in any month: it "
            "counts in no month's figures, and every month of that year lists it apart. "
            "Known only to the year %(year)s: %(count)s."
        )
        % {"year": year, "count": number_format(known_to_year, force_grouping=True)},
        _("A fact with no date is in no month's report; the archive counts them."),
        _(
            "An arrest is the start of a detention: a person arrested again after a release "
            "counts again, being moved from arrest to pre-trial detention does not. (The "
            "statistics page counts each person's first arrest only.)"
        ),
    ]


GROUP_HEADINGS = {
    ON_THE_DAY: lambda year: (_("Day by day"), ""),
    DURING_THE_MONTH: lambda year: (
        _("During the month"),
        _("The sources give only the month of these facts."),
    ),
    KNOWN_ONLY_TO_THE_YEAR: lambda year: (
        _("Known only to the year %(year)s") % {"year": year},
        _(
            "The sources give only the year of these facts: they count in no month's "
            "figures, and every month of the year lists them."
        ),
    ),
}


def groups(entries: list[Entry]) -> list[tuple[str, str, str, list[Entry]]]:
    """The entries by the precision of their date: (group, heading, note, entries)."""
    result = []
    for group, of_group in groupby(entries, key=lambda entry: entry.fact.group):
        of_group = list(of_group)
        heading, note = GROUP_HEADINGS[group](of_group[0].fact.date.year)
        result.append((group, heading, note, of_group))
    return result


def prepared_by(report: MonthReport) -> str:
    return _(
        "Prepared by %(organisation)s from its record of political prisoners: every fact "
        "cites its source."
    ) % {"organisation": settings.ORGANISATION_NAME}
