"""The open data of reports/api.py, described for /api/v1/openapi.json (core/openapi.py).
The words are docs/api.md's; the kinds of fact are reports.months.Kind's."""

from core.openapi import Endpoint, csv_body, json_body, nullable, ref
from prisoners.dates import Precision
from reports.api import CSV_COLUMNS
from reports.months import Kind

TAG = "Monthly reports"
COUNT = {"type": "integer", "minimum": 0}
MONTH = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}
KINDS = {
    "type": "object",
    "description": "How many facts of each kind.",
    "required": list(Kind.values),
    "properties": dict.fromkeys(Kind.values, COUNT),
}
TOTALS = (
    "at", "held", "detained", "sentenced", "released", "released_exiled", "deceased",
    "unknown", "undetermined",
)  # fmt: skip
MONTH_PARAMETER = {
    "month": (
        "The month, YYYY-MM. Before the first dated fact, after the current month, or not a "
        "month: 404."
    )
}

SCHEMAS = {
    "ReportFact": {
        "type": "object",
        "description": (
            "One fact of the report, dated as precisely as its source gives it. Status "
            "changes (arrest, release, death) carry `change` and `release`; verdicts "
            "`penalty`, `term` and `term_months`; recognitions `by`."
        ),
        "required": ["date", "precision", "kind", "counted_in_month", "person", "sources"],
        "properties": {
            "date": nullable({"type": "string"}),
            "precision": {"enum": list(Precision.values)},
            "kind": {"enum": list(Kind.values)},
            "counted_in_month": {
                "type": "boolean",
                "description": "false: known only to the year, so counted in no month.",
            },
            "person": {
                "type": "object",
                "required": ["slug", "name", "url", "api_url"],
                "properties": {
                    "slug": {"type": "string"},
                    "name": ref("Translated"),
                    "url": {"type": "string"},
                    "api_url": {"type": "string"},
                },
            },
            "change": {"type": "string"},
            "release": nullable({"type": "string"}),
            "penalty": nullable({"type": "string"}),
            "term": ref("Translated"),
            "term_months": nullable({"type": "integer"}),
            "by": ref("Translated"),
            "sources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "title", "url"],
                    "properties": {
                        "slug": {"type": "string"},
                        "title": {"type": "string"},
                        "url": {"type": "string"},
                    },
                },
            },
        },
    },
    "MonthlyReport": {
        "type": "object",
        "description": (
            "A month's report: its figures (facts dated to the day or the month), the "
            "totals at its end, the facts of its year known only to the year (listed, not "
            "counted), and the chronology."
        ),
        "required": [
            "month",
            "complete",
            "figures",
            "totals",
            "known_only_to_the_year",
            "previous",
            "next",
            "url",
            "csv_url",
            "facts",
        ],  # fmt: skip
        "properties": {
            "month": MONTH,
            "complete": {"type": "boolean", "description": "false for the current month."},
            "figures": KINDS,
            "totals": {
                "type": "object",
                "description": (
                    "People by status at the month's end; `undetermined`: a change dated "
                    "only to the year, or undated, may or may not have happened by then."
                ),
                "required": list(TOTALS),
                "properties": {"at": nullable({"type": "string", "format": "date"})}
                | dict.fromkeys(TOTALS[1:], COUNT),
            },
            "known_only_to_the_year": {
                "type": "object",
                "description": "The facts of the month's year known only to the year, by kind.",
                "required": [*Kind.values, "year"],
                "properties": dict.fromkeys(Kind.values, COUNT) | {"year": COUNT},
            },
            "previous": nullable(MONTH),
            "next": nullable(MONTH),
            "url": {"type": "string"},
            "csv_url": {"type": "string"},
            "facts": {"type": "array", "items": ref("ReportFact")},
        },
    },
}

ENDPOINTS = [
    Endpoint(
        "api:report",
        tag=TAG,
        summary="One month's report: its figures, the totals at its end, its chronology.",
        description=(
            "Generated from the dated record of the public profiles. A fact dated to the "
            "day or the month counts in that month; one known only to the year counts in "
            "no month and is listed apart; an undated fact is in no report."
        ),
        content=json_body(ref("MonthlyReport")),
        max_age=300,
        path_parameters=MONTH_PARAMETER,
    ),
    Endpoint(
        "api:report-csv",
        tag=TAG,
        summary="The same facts as CSV, one a row.",
        description=(
            "`date` cut to its `precision`; `counted_in_month` `no` for the facts known "
            "only to the year; `source_urls` separated by spaces."
        ),
        content=csv_body(CSV_COLUMNS),
        max_age=300,
        path_parameters=MONTH_PARAMETER,
    ),
]
