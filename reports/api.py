"""A month's report as open data, the same in every language: JSON (its figures, totals
and every fact) and CSV (one row per fact). Documented in docs/api.md."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from core.hosts import site_origin
from core.opendata import in_every_language, json_response, open_data
from core.spreadsheets import csv_writer
from reports import converters  # noqa: F401  (the <month:…> converter of the URLs)
from reports.months import Entry, MonthReport, chronology, month_label, report_or_404


def _month(month: int | None) -> str | None:
    return None if month is None else month_label(month)


def fact_data(entry: Entry, origin: str) -> dict:
    fact, row = entry.fact, entry.row
    detail = {}
    if fact.kind == "verdict":
        detail = {"penalty": row.penalty_kind or None, "term": in_every_language(row, "term"),
                  "term_months": row.term_months}  # fmt: skip
    elif fact.kind == "recognition":
        detail = {"by": in_every_language(row, "organisation")}
    else:
        detail = {"change": row.kind, "release": row.release_kind or None}
    return {
        "date": fact.when.iso(),
        "precision": fact.precision,
        "kind": fact.kind,
        "counted_in_month": fact.counted,
        "person": {
            "slug": entry.person.slug,
            "name": in_every_language(entry.person, "name"),
            "url": origin + entry.person.get_absolute_url(),
            "api_url": origin + reverse("api:prisoner", kwargs={"slug": entry.person.slug}),
        },
        **detail,
        "sources": [
            {"slug": source.slug, "title": source.title, "url": source.url}
            for source in entry.sources
        ],
    }


def report_data(report: MonthReport, entries: list[Entry], origin: str) -> dict:
    month = report.first_day
    return {
        "month": report.label,
        "complete": not report.is_current,
        "figures": report.figures,
        "totals": {
            "at": None if report.is_current else report.last_day.isoformat(),
            **report.totals,
        },
        "known_only_to_the_year": {"year": month.year, **report.year_only},
        "previous": _month(report.previous),
        "next": _month(report.next),
        "url": origin + reverse("reports:month", kwargs={"month": month}),
        "csv_url": origin + reverse("api:report-csv", kwargs={"month": month}),
        "facts": [fact_data(entry, origin) for entry in entries],
    }


@open_data(max_age=300)
def report_json(request: HttpRequest, month: datetime.date) -> HttpResponse:
    """The month's figures, totals and facts (reports.months)."""
    report = report_or_404(month)
    origin = site_origin(request)
    return json_response(report_data(report, chronology(report.facts), origin))


CSV_COLUMNS = ["date", "precision", "kind", "counted_in_month", "person", "profile_url",
               "source_urls"]  # fmt: skip


@open_data(max_age=300)
def report_csv(request: HttpRequest, month: datetime.date) -> HttpResponse:
    """One row per fact of the month's report, those known only to the year included
    (counted_in_month: no)."""
    report = report_or_404(month)
    origin = site_origin(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="report-{report.label}.csv"'
    writer = csv_writer(response)
    writer.writerow(CSV_COLUMNS)
    for entry in chronology(report.facts):
        writer.writerow(
            [
                entry.fact.when.iso() or "",
                entry.fact.precision,
                entry.fact.kind,
                "yes" if entry.fact.counted else "no",
                entry.person.slug,
                origin + entry.person.get_absolute_url(),
                " ".join(source.url for source in entry.sources if source.url),
            ]
        )
    return response
