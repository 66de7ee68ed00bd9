"""The open data of this app, as the open-data page and the data package describe it
(core/datasets.py): one CSV per monthly report, the months the archive lists. The
columns are those reports/api.py writes, in its order."""

from django.utils.translation import gettext_lazy as _

from core.datasets import (
    Dataset,
    Instance,
    Reference,
    date_precision,
    fuzzy_date,
    text,
    yes_no,
)
from reports.months import Kind, first_day, month_label, report_index


def _listed_months() -> list[Instance]:
    return [
        Instance(month_label(month), month_label(month), {"month": first_day(month)})
        for month in report_index().listed
    ]


REPORTS = Dataset(
    name="reports",
    title=_("Monthly reports"),
    description=_(
        "Each month's arrests, verdicts, releases, deaths in custody and recognitions as "
        "political prisoners, one fact a row, from the dated record of the public profiles; "
        "the facts of the month's year known only to the year are listed too, not counted."
    ),
    changes=_("With every change to a record; kept by caches for 5 minutes."),
    csv="api:report-csv",
    json="api:report",
    json_note=_(
        "Each month's JSON also has its figures, the totals at its end and the facts "
        "known only to its year; the archive page lists every month."
    ),
    instances=_listed_months,
    references=(Reference(("person",), "people", ("slug",)),),
    columns=(
        fuzzy_date("date", _("When it happened, as precisely as its source gives it.")),
        date_precision("precision", "date"),
        text("kind", _("What happened."), choices=Kind.values, required=True),
        yes_no(
            "counted_in_month",
            _("no: known only to the year, so counted in no month's figures."),
        ),
        text("person", _("The profile's short name (people.slug)."), required=True),
        text("profile_url", _("The profile's address."), required=True),
        text("source_urls", _("The addresses of its sources, separated by spaces.")),
    ),
    position=45,
)

DATASETS = [REPORTS]
